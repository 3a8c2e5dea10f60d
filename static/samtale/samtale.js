/* Samtale's own script, loaded with <script src defer> from base.html (the
   Content-Security-Policy allows no inline scripts).

   It starts DKFDS's components, of which Samtale uses the header: on a narrow screen
   the menu button opens the menu drawer (main menu, user, log out, language) with its
   overlay, close button and focus trap; on a wide screen a main menu too long for the
   bar gets a "more" menu. Then two things DKFDS leaves to us: the menu button's
   aria-expanded follows the drawer, and the "more" menu gets its label in the page's
   language (DKFDS writes "Mere"). */
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

  function start() {
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
