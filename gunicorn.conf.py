# Read by every gunicorn started in this directory (`make serve`, the README's systemd
# unit): access and error lines carry no query strings and no ID or phone numbers.
logger_class = "servicecenter.logs.GunicornLogger"
