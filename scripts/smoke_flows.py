"""The HTTP flows the smoke test drives, each step on the other instance."""

import re
import subprocess
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor

NUMBER = re.compile(r"FW\d{4}-\d{5}")


def _ticket_id(url):
    match = re.search(r"/tickets/(\d+)/", url)
    assert match, f"not on a ticket page: {url}"
    return match.group(1)


def _create(browser, port, n):
    status, url, html = browser.post(port, "/tickets/new/", {
        "party_id": "", "party-kind": "person", "party-name": f"烟测客户{n}",
        "party-phone": f"1390000{n:04d}", "contact_name": "烟测", "contact_phone":
        f"1390000{n:04d}", "kind": "remote", "channel": "phone", "priority": "2",
        "problem": "网络中断，无法登录业务系统"})
    return url, html


def ticket_path(Browser, ports, check):
    a, b = ports
    clerk, engineer = Browser(), Browser()
    clerk.login(a, "clerk")
    engineer.login(b, "engineer")
    url, html = _create(clerk, b, 1)
    pk = _ticket_id(url)
    number = NUMBER.search(html).group(0)
    check("已登记" in html or number in html, f"clerk created {number} on :{b}")
    steps = [
        (clerk, a, "assign", {"expected_state": "new", "engineer": _engineer_id(clerk, a, pk)}),
        (engineer, b, "start", {"expected_state": "assigned"}),
        (engineer, a, "resolve", {"expected_state": "in_progress",
                                  "result": "已远程指导恢复登录"}),
        (clerk, b, "close", {"expected_state": "resolved",
                             "confirmation": "电话与客户确认已恢复"}),
    ]
    for user, port, verb, data in steps:
        user.post(port, f"/tickets/{pk}/act/{verb}/", data)
    status, url, html = clerk.get(a, f"/tickets/{pk}/")
    check("已完结" in html, f"{number}: assign → start → resolve → close across both "
          "instances ends 已完结")
    return number


def _engineer_id(browser, port, pk):
    status, url, html = browser.get(port, f"/tickets/{pk}/act/assign/")
    match = re.search(r'<option value="(\d+)"[^>]*>李工程师', html)
    assert match, "engineer not offered on the assign form"
    return match.group(1)


def concurrent_numbers(Browser, ports, check, env, first):
    clerks = []
    for i in range(10):
        browser = Browser()
        browser.login(ports[i % 2], "clerk")
        clerks.append(browser)
    with ThreadPoolExecutor(max_workers=10) as pool:
        pages = list(pool.map(lambda i: _create(clerks[i], ports[i % 2], 100 + i),
                              range(10)))
    numbers = sorted(NUMBER.search(html).group(0) for _, html in pages)
    year_prefix, last = first[:7], int(first[7:])
    expected = [f"{year_prefix}{n:05d}" for n in range(last + 1, last + 11)]
    check(numbers == expected, f"10 tickets created at once on two instances numbered "
          f"gaplessly {numbers[0]}…{numbers[-1]}")


def run_flows(Browser, ports, check, env):
    first = ticket_path(Browser, ports, check)
    concurrent_numbers(Browser, ports, check, env, first)
    # the follow-up call was scheduled by the close (after commit, on the instance)
    out = subprocess.run(
        [".venv/bin/python", "manage.py", "shell", "-c",
         "from tickets.models import Revisit; print(Revisit.objects.filter(kind='service')"
         ".count())"], env=env, capture_output=True, text=True,
        cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    check(out.splitlines()[-1] == "1", "closing the ticket scheduled its follow-up call")
