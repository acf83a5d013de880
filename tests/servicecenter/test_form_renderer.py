"""The Python-written widgets give, to the byte, what Django's templates give."""

import datetime

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from servicecenter.form_renderer import FastRenderer


class EveryWidget(forms.Form):
    state = forms.ChoiceField(choices=[("", "全部"), ("new", "新建<&>"), (3, "三")],
                              initial="new")
    grouped = forms.ChoiceField(choices=[("甲组", [("a", "甲"), ("b", "乙")]),
                                         ("c", "丙")], required=False)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", 'Y"')],
                                     initial=["x", "y"], required=False)
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)
    name = forms.CharField(max_length=20, initial='张三 "<b>"',
                           widget=forms.TextInput(attrs={"autofocus": True,
                                                         "data-x": mark_safe("&amp;"),
                                                         "hidden-off": False}))
    empty = forms.CharField(required=False)
    count = forms.IntegerField(min_value=0, initial=5)
    email = forms.EmailField(required=False)
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}),
                          initial=datetime.date(2026, 11, 23))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True),
                             initial="pw")
    token = forms.CharField(widget=forms.HiddenInput, initial="t")
    agree = forms.BooleanField(initial=True)
    off = forms.BooleanField(required=False)
    text = forms.CharField(widget=forms.Textarea, initial="多行\n文字")
    upload = forms.FileField(required=False)
    when = forms.SplitDateTimeField(required=False)


def _render_all(form, renderer):
    form.renderer = renderer
    return {name: str(form[name]) for name in form.fields}


def test_fast_widgets_match_djangos_templates_byte_for_byte():
    for data in (None, {"state": "3", "grouped": "b", "many": ["y"], "name": "<x>",
                        "count": "abc", "agree": "", "day": "2026-02-30"}):
        theirs = _render_all(EveryWidget(data), DjangoTemplates())
        ours = _render_all(EveryWidget(data), FastRenderer())
        assert ours == theirs


def test_the_project_uses_the_fast_renderer(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastRenderer)
    assert settings.FORM_RENDERER == "servicecenter.form_renderer.FastRenderer"
