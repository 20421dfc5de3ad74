/* Several records chosen through Wagtail's chooser modal (contacts/widgets.py, MultipleChooser).

The chosen records are hidden inputs in a list; "Choose" opens the modal of the chooser widget that
telepath unpacks, in its multiple-choice mode (as Wagtail's MultipleChooserPanel does), and each
record chosen there that is not in the list yet joins it. */
(() => {
  class MultipleChooserController extends window.StimulusModule.Controller {
    static targets = ['list', 'item'];

    static values = { chooser: Object, titleKey: String };

    choose() {
      if (!this.factory) {
        this.factory = window.telepath.unpack(this.chooserValue);
      }
      this.factory.openModal(
        (results) => results.forEach((result) => this.add(result)),
        { multiple: true },
      );
    }

    add(result) {
      const value = String(result.id);
      const inputs = this.listTarget.querySelectorAll('input[type=hidden]');
      if (Array.from(inputs).some((input) => input.value === value)) {
        return;
      }
      const item = this.itemTarget.content.firstElementChild.cloneNode(true);
      const title = item.querySelector('[data-multiple-chooser-title]');
      title.id = `${title.id}${value}`;
      title.textContent = result[this.titleKeyValue];
      item.querySelector('input').value = value;
      item.querySelector('button').setAttribute('aria-describedby', title.id);
      this.listTarget.append(item);
    }

    remove(event) {
      event.currentTarget.closest('li').remove();
    }
  }

  window.wagtail.app.register('multiple-chooser', MultipleChooserController);
})();
