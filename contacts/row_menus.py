"""Each row of the engagement listing ends in Wagtail's "More options" menu (Edit, Inspect, Delete): about ten
of Wagtail's templates rendered for every row, a third of the listing's rendering. The menu's HTML is made
only of its buttons (their labels in the reader's language, links, icons and attributes) and the toggle's
own label, so it is kept in the process under all of them (`ContentMemo`, as the map keeps each city's
feature): an entry is found only for the very menu it was rendered from, and a changed title, another
language or another set of permitted actions renders it afresh through Wagtail's templates.

A menu holding a button of another kind (from a hook, with a template of its own) is rendered every time.
"""

from wagtail.admin.widgets.button import Button, ButtonWithDropdown

from network.caching.shared import ContentMemo

# About 1.5 kB a menu: at most 3 MB a process.
ROW_MENUS = ContentMemo(max_entries=2_000)


def button_inputs(button):
    """Everything the button's template shows of it (wagtailadmin/shared/button.html)."""
    return (
        button.template_name,
        str(button.label),
        button.url,
        button.icon_name,
        button.classname,
        tuple(sorted((str(name), str(value)) for name, value in button.attrs.items())),
        button.priority,
    )


class KeptRowMenu(ButtonWithDropdown):
    """Wagtail's row menu, rendered once per process for the same buttons."""

    @classmethod
    def of(cls, menu):
        kept = cls(buttons=menu.dropdown_buttons, label=menu.label, icon_name=menu.icon_name)
        kept.classname, kept.attrs, kept.priority = menu.classname, menu.attrs, menu.priority
        return kept

    def inputs(self):
        """The menu's own fields and its buttons', or None when one is not a plain Button."""
        if any(type(button) is not Button for button in self.dropdown_buttons):
            return None
        return (button_inputs(self), *(button_inputs(button) for button in sorted(self.dropdown_buttons)))

    def render_html(self, parent_context=None):
        inputs = self.inputs()
        if inputs is None:
            return super().render_html(parent_context)
        return ROW_MENUS.get_or_make(inputs, lambda: super(KeptRowMenu, self).render_html(parent_context))


def kept_row_menus(buttons):
    """A row's buttons with Wagtail's plain "More options" menu kept (other buttons as they are)."""
    return [KeptRowMenu.of(button) if type(button) is ButtonWithDropdown else button for button in buttons]
