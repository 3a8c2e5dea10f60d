/* Samtale's own script, loaded with <script src defer> from base.html (the
   Content-Security-Policy allows no inline scripts).

   It starts DKFDS's components, of which Samtale uses the header: on a narrow screen
   the menu button opens the menu drawer (main menu, user, log out, language) with its
   overlay, close button and focus trap; on a wide screen a main menu too long for the
   bar gets a "more" menu. Then two things DKFDS leaves to us: the menu button's
   aria-expanded follows the drawer, and the "more" menu gets its label in the page's
   language (DKFDS writes "Mere").

   And the header's search box (templates/org/_search_box.html), whose list htmx fills
   as one types: the down arrow goes from the box to the first result, the arrows move
   through the results, Escape closes the list and goes back to the box, and the list
   closes when one clicks or tabs elsewhere; a session that has ended sends the page to
   the login. Without this script the box still searches: Enter opens the search page. */
(function () {
  "use strict";

  function followDrawer(button) {
    var drawer = document.getElementById(button.getAttribute("aria-controls"));
    if (!drawer) {
      return;
    }
    var update = function () {
      var open = drawer.classList.contains("is-visible");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    };
    new MutationObserver(update).observe(drawer, { attributes: true, attributeFilter: ["class"] });
    update();
  }

  function labelMoreMenu() {
    var nav = document.querySelector(".navigation-menu [data-more-label]");
    var label = document.querySelector(".navigation-menu .more-button span");
    if (nav && label) {
      label.textContent = nav.getAttribute("data-more-label");
    }
  }

  function searchBox(form) {
    var input = form.querySelector("input[aria-controls]");
    var results = input && document.getElementById(input.getAttribute("aria-controls"));
    if (!results) {
      return;
    }
    var links = function () {
      return Array.prototype.slice.call(results.querySelectorAll("a"));
    };
    var close = function () {
      if (window.htmx) {
        window.htmx.trigger(input, "htmx:abort");
      }
      results.innerHTML = "";
    };
    form.addEventListener("keydown", function (event) {
      var list = links();
      var at = list.indexOf(document.activeElement);
      if (event.key === "Escape" && list.length) {
        close();
        input.focus();
        event.preventDefault();
      } else if (event.key === "ArrowDown" && at < list.length - 1) {
        list[at + 1].focus();
        event.preventDefault();
      } else if (event.key === "ArrowUp" && at >= 0) {
        (at === 0 ? input : list[at - 1]).focus();
        event.preventDefault();
      }
    });
    // A list that comes back from elsewhere (the login page, after the session ended)
    // is not swapped in: the page reloads, and so goes to the login page itself.
    results.addEventListener("htmx:beforeSwap", function (event) {
      var answered = event.detail.xhr && event.detail.xhr.responseURL;
      var asked = new URL(input.getAttribute("hx-get"), window.location.href).pathname;
      if (answered && new URL(answered).pathname !== asked) {
        event.detail.shouldSwap = false;
        window.location.reload();
      }
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) {
        close();
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) {
        close();
      }
    });
  }

  function start() {
    document.querySelectorAll("form.samtale-search").forEach(searchBox);
    if (!window.DKFDS) {
      return;
    }
    window.DKFDS.init();
    document.querySelectorAll(".js-menu-open[aria-controls]").forEach(followDrawer);
    labelMoreMenu();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
