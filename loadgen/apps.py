from django.apps import AppConfig


class LoadgenConfig(AppConfig):
    name = "loadgen"
    verbose_name = "压力测试数据"
