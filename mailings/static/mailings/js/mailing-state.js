/*
 * A mailing's page while the mailing is queued or being sent (templates/mailings/admin/mailing_inspect.html):
 * every few seconds its state is read again from the staff-only fragment (mailings/state.py) and put in
 * place of the old one when it reads differently, in a polite live region, until the fragment says the
 * mailing is done. Nothing is read while the tab is hidden; a signed-out session or a refusal stops it, and
 * the fragment's plain link still reloads the page. A Stimulus controller registered with Wagtail's app.
 */
(function () {
  "use strict";

  var INTERVAL = 5000;

  class MailingStateController extends window.StimulusModule.Controller {
    static values = { url: String };

    connect() {
      this.schedule();
    }

    disconnect() {
      window.clearTimeout(this.timer);
    }

    schedule() {
      this.timer = window.setTimeout(this.refresh.bind(this), INTERVAL);
    }

    refresh() {
      if (document.hidden) {
        this.schedule();
        return;
      }
      fetch(this.urlValue, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(
          function (response) {
            // A redirect is the sign-in page, a 4xx a refusal or a mailing gone: stop, the link stays.
            if (response.redirected || (response.status >= 400 && response.status < 500)) {
              return null;
            }
            if (!response.ok) {
              throw new Error(String(response.status));
            }
            return response.text();
          }.bind(this),
        )
        .then(
          function (html) {
            if (html === null) {
              return;
            }
            var template = document.createElement("template");
            template.innerHTML = html.trim();
            var fresh = template.content.querySelector("[data-mailing-state]");
            var shown = this.element.querySelector("[data-mailing-state]");
            if (!fresh || !shown) {
              return;
            }
            if (fresh.textContent.replace(/\s+/g, " ") !== shown.textContent.replace(/\s+/g, " ")) {
              shown.replaceWith(fresh);
            }
            if (!fresh.hasAttribute("data-mailing-state-done")) {
              this.schedule();
            }
          }.bind(this),
        )
        .catch(this.schedule.bind(this)); // the network or the server, for a moment: try again later
    }
  }

  window.wagtail.app.register("mailing-state", MailingStateController);
})();
