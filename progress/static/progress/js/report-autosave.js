// Saves a progress report's answers as the focal point types: 1.5 s after the last change, and at once
// when the tab is hidden or closed. The server answers with the report's new version (sent back with the
// next save, so that a save over someone else's is refused), how many required answers each section has,
// which answers are still as carried over and the messages of those it could not read, shown next to
// them. Without JavaScript the form's buttons save it. When the admin session has ended, nothing is lost:
// the page says so and keeps what was typed, and saves again once its user has signed in in another tab.
// While the page holds what could not be saved (refused as stale, signed out, offline, an answer with an
// error), or what closing the tab would drop, leaving it asks first. A save sends only the answers changed
// since they were last saved (the server keeps those a save leaves out), so that the one begun as the tab
// closes is nearly always small enough to outlive the tab.
(function () {
  "use strict";
  var form = document.querySelector("form[data-report-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector("[data-autosave-status]");
  // The fields keep clear of the save bar (report-edit.css), which grows with a long message.
  var bar = form.querySelector("[data-report-actions]");
  if (bar && window.ResizeObserver) {
    new window.ResizeObserver(function () {
      document.documentElement.style.setProperty("--report-actions-height", bar.offsetHeight + "px");
    }).observe(bar);
    // Chromium leaves a field Tab reaches where it is if a part of it shows, even under the bar: it is
    // brought into view above the bar (its scroll margin is the bar's height).
    form.addEventListener("focusin", function (event) {
      var field = event.target;
      var box = field.getBoundingClientRect();
      if (!bar.contains(field) && (box.bottom > bar.getBoundingClientRect().top || box.top < 0)) {
        field.scrollIntoView({ block: "nearest" });
      }
    });
  }
  var version = form.querySelector("input[name='version']");
  var timer = null;
  var saving = false;
  var changed = false;
  // A page refused as stale (the form as it was sent, beside the saved answers) saves nothing by itself.
  var stopped = form.hasAttribute("data-autosave-stopped");
  // What the page holds was not saved, and will not be by itself: leaving the page asks first.
  var unsaved = form.hasAttribute("data-autosave-unsaved");
  // A button pressed: the page is left by the form's own request.
  var leaving = false;
  // The last save was answered as to someone signed out: it is not tried again by itself, only on the next
  // change, on coming back to this tab, or when a button is pressed (which then does not leave the page).
  var signedOut = false;
  // A button pressed while a save is on its way: the form is sent once that save has answered, with the
  // version it returns (sent before, it would be refused as a save over that one).
  var waitingButton = null;
  // The questions changed since they were last saved, by id ({"12": true}); null: the whole form, as on a
  // page shown again with what it could not save.
  var pending = unsaved ? null : {};
  // Whether the save on its way was asked to outlive the tab (keepalive).
  var keptAlive = false;

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error-message", Boolean(isError));
  }

  function showProgress(data) {
    Object.keys(data.sections).forEach(function (anchor) {
      document.querySelectorAll("[data-progress-for='" + anchor + "']").forEach(function (counter) {
        counter.textContent = data.sections[anchor].answered;
      });
    });
    var total = document.querySelector("[data-progress-total]");
    if (total) {
      total.textContent = data.answered;
    }
  }

  function describe(data) {
    var fields = data.fields || {};
    var details = Object.keys(fields).map(function (name) {
      return fields[name].label + ": " + fields[name].errors.join(" ");
    });
    return [data.error].concat(details).join(" ");
  }

  function describedBy(input, id, on) {
    var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (each) {
      return each && each !== id;
    });
    if (on) {
      ids.push(id);
    }
    if (ids.length) {
      input.setAttribute("aria-describedby", ids.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
  }

  // Each answer's messages where the page without JavaScript shows them (Wagtail's field errors), read with
  // its field; those of an answer saved since are cleared.
  function showFieldErrors(fields) {
    form.querySelectorAll("[data-field][data-contentpath]").forEach(function (field) {
      var name = field.dataset.contentpath;
      var box = field.querySelector("[data-field-errors]");
      var errors = fields[name] ? fields[name].errors : [];
      var id = "autosave-error-" + name;
      field.classList.toggle("w-field--error", errors.length > 0);
      if (box) {
        box.textContent = "";
        errors.forEach(function (error, index) {
          if (index === 0) {
            var icon = document.createElementNS("http://www.w3.org/2000/svg", "svg");
            icon.setAttribute("class", "icon icon-warning w-field__errors-icon");
            icon.setAttribute("aria-hidden", "true");
            var use = document.createElementNS("http://www.w3.org/2000/svg", "use");
            use.setAttribute("href", "#icon-warning");
            icon.appendChild(use);
            box.appendChild(icon);
          }
          var message = document.createElement("p");
          message.className = "error-message";
          message.id = id + "-" + index;
          message.textContent = error;
          box.appendChild(message);
        });
      }
      form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
        if (errors.length) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
        errors.forEach(function (_error, index) {
          describedBy(input, id + "-" + index, true);
        });
        (input.getAttribute("aria-describedby") || "").split(" ").forEach(function (each) {
          if (each.indexOf(id + "-") === 0 && Number(each.slice(id.length + 1)) >= errors.length) {
            describedBy(input, each, false);
          }
        });
      });
    });
  }

  // An answer changed since it was carried over from the last accepted report is no longer marked so.
  function showCarriedOver(names) {
    form.querySelectorAll("[data-carried-over-for]").forEach(function (note) {
      note.hidden = names.indexOf(note.dataset.carriedOverFor) === -1;
    });
  }

  // Signing in again gives the browser a new CSRF token: the one this page was served with would be refused.
  function useFreshCsrfToken() {
    var input = form.querySelector("input[name='csrfmiddlewaretoken']");
    var name = form.dataset.csrfCookie || "csrftoken";
    document.cookie.split(";").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (input && at > 0 && pair.slice(0, at).trim() === name) {
        input.value = decodeURIComponent(pair.slice(at + 1).trim());
      }
    });
  }

  // The admin redirects whoever is not signed in to its login page (not followed: the answer would be that
  // page's HTML), and refuses a token from a session that has ended (403, in HTML) before the view answers.
  function isSignedOut(response) {
    var json = (response.headers.get("Content-Type") || "").indexOf("application/json") !== -1;
    return response.type === "opaqueredirect" || (response.status === 403 && !json);
  }

  // A file the server stored (its answer had no error) is not sent again with the next save; one chosen
  // while that save was on its way is kept.
  function clearStoredFiles(sent, fields) {
    form.querySelectorAll("input[type='file']").forEach(function (input) {
      var file = sent.get(input.name);
      var chosen = input.files && input.files[0];
      if (fields[input.name] || !chosen || !file || typeof file === "string") {
        return;
      }
      if (file.name === chosen.name && file.size === chosen.size && file.lastModified === chosen.lastModified) {
        input.value = "";
      }
    });
  }

  // Chromium refuses a keepalive request whose body is over 64 KiB (the quota of a page's keepalive
  // requests in flight), so a save of a long answer failed every time. Keepalive, which lets a save begun as
  // the tab closes arrive, is asked for only when the body is surely under that, and never with a file.
  var KEEPALIVE_BYTES = 60 * 1024;
  var PART_BYTES = 200; // a field's multipart framing (boundary, headers, line breaks), generously

  // The UTF-8 size of a text as a form sends it, or more: a surrogate pair counts 6 bytes rather than 4,
  // and every CR or LF one more, as line breaks are sent as CR LF.
  function bytesOf(text) {
    var bytes = 0;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      bytes += code < 0x80 ? (code === 10 || code === 13 ? 2 : 1) : code < 0x800 ? 2 : 3;
    }
    return bytes;
  }

  function mayKeepAlive(body) {
    var bytes = 0;
    body.forEach(function (value, name) {
      // A file counts as too large.
      bytes += PART_BYTES + bytesOf(name) + (typeof value === "string" ? bytesOf(value) : KEEPALIVE_BYTES);
    });
    return bytes < KEEPALIVE_BYTES;
  }

  // The question a field answers (q12, public_12, clear_12), or "" for one of the form's own.
  function questionOf(name) {
    var match = /^(?:q|public_|clear_)(\d+)$/.exec(name || "");
    return match ? match[1] : "";
  }

  // The form's own fields and those of `questions` (all if null); a file input left empty is left out,
  // as the server keeps the stored file then too.
  function bodyOf(questions) {
    var body = new FormData();
    new FormData(form).forEach(function (value, name) {
      var question = questionOf(name);
      var noFile = typeof value !== "string" && !value.name && !value.size;
      if (!noFile && (!question || !questions || questions[question])) {
        body.append(name, value);
      }
    });
    body.set("action", "save");
    return body;
  }

  // The questions of a save that did not store them are sent again with the next one.
  function sendAgain(questions) {
    if (!questions || !pending) {
      pending = null;
      return;
    }
    Object.keys(questions).forEach(function (question) {
      pending[question] = true;
    });
  }

  // Whether closing the tab now would drop a change: one carried by a save on its way that cannot outlive
  // the tab, or one the save begun as the tab hides cannot carry (too large to outlive it, or waiting for
  // the answer of the save on its way).
  function closingLoses() {
    if (saving && !keptAlive) {
      return true;
    }
    return changed && (saving || !mayKeepAlive(bodyOf(pending)));
  }

  function save() {
    timer = null;
    if (stopped || !changed) {
      return;
    }
    if (saving) {
      schedule();
      return;
    }
    saving = true;
    changed = false;
    useFreshCsrfToken();
    var sent = pending;
    pending = {};
    var body = bodyOf(sent);
    keptAlive = mayKeepAlive(body);
    say(form.dataset.savingText || "…");
    fetch(window.location.href, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "manual",
      keepalive: keptAlive,
    })
      .then(function (response) {
        if (isSignedOut(response)) {
          return { signedOut: true };
        }
        return response.json().then(function (data) {
          return { ok: response.ok, status: response.status, data: data };
        });
      })
      .then(function (result) {
        saving = false;
        signedOut = Boolean(result.signedOut);
        if (signedOut) {
          // A button pressed meanwhile is not sent either: it would lead to the login page, without the answers.
          waitingButton = null;
          changed = true;
          unsaved = true;
          sendAgain(sent);
          say(form.dataset.signedOutText || "", true);
          return;
        }
        if (result.data.version) {
          // Saved, entirely or but for the answers with errors.
          version.value = result.data.version;
          showProgress(result.data);
          showCarriedOver(result.data.carried_over || []);
          showFieldErrors(result.data.fields || {});
          clearStoredFiles(body, result.data.fields || {});
          unsaved = Object.keys(result.data.fields || {}).length > 0;
          var refused = {};
          Object.keys(result.data.fields || {}).forEach(function (name) {
            refused[questionOf(name)] = true;
          });
          sendAgain(refused);
        } else {
          unsaved = true;
          sendAgain(sent);
        }
        if (!result.ok) {
          // A conflict needs a reload: saving again would be refused the same way. A button pressed
          // meanwhile is not sent: the message says what to correct first.
          waitingButton = null;
          stopped = result.status === 409;
          say(describe(result.data), true);
          return;
        }
        if (waitingButton) {
          form.requestSubmit(waitingButton);
          return;
        }
        // The server's words and time: the time zone the admin shows every time in (the user's account
        // setting, or the site's), as the message of a save refused over another tab's says it too.
        say(result.data.message);
      })
      .catch(function () {
        saving = false;
        var button = waitingButton;
        waitingButton = null;
        if (button && !signedOut) {
          form.requestSubmit(button);
          return;
        }
        changed = true;
        unsaved = true;
        sendAgain(sent);
        say(form.dataset.offlineText || "", true);
        schedule();
      });
  }

  function schedule() {
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, 1500);
  }

  function onChange(event) {
    changed = true;
    if (pending) {
      pending[questionOf(event.target.name)] = true;
    }
    schedule();
  }

  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    timer = null;
    if (saving || signedOut) {
      // Sent once the save on its way (or, signed out, one that finds out whether that is still so) answers.
      event.preventDefault();
      waitingButton = event.submitter || form.querySelector("button[type='submit']");
      if (!saving) {
        changed = true;
        save();
      }
      return;
    }
    stopped = true;
    leaving = true;
    useFreshCsrfToken();
  });
  // Every change fires "input" (a box ticked, a file chosen too); the "change" that follows a text typed
  // would send that text again, long or not.
  form.addEventListener("input", onChange);
  window.addEventListener("beforeunload", function (event) {
    // A change that the autosave will send as the tab closes (visibilitychange) in a request that outlives
    // the tab needs no question.
    if (!leaving && (unsaved || (stopped && changed) || closingLoses())) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  document.addEventListener("visibilitychange", function () {
    // Hidden: save before the tab may close. Visible again when signed out: perhaps signed in meanwhile.
    if (changed && (document.visibilityState === "hidden" || signedOut)) {
      save();
    }
  });
})();
