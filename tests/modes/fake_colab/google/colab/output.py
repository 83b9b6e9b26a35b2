"""`google.colab.output`, faked: records that the custom widget manager was switched on."""

custom_widget_manager_enabled = False


def enable_custom_widget_manager() -> None:
    global custom_widget_manager_enabled
    custom_widget_manager_enabled = True


def disable_custom_widget_manager() -> None:
    global custom_widget_manager_enabled
    custom_widget_manager_enabled = False
