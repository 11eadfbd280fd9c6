/*
 * Give two of the Wagtail editor's inputs the accessible name they lack, so a
 * mentor using a screen reader hears what each box is for:
 *
 * - a block placed straight in a StreamField (our "Heading" block) renders its
 *   input without a <label> (wagtail/wagtail#11179): it is named by the block's
 *   type shown in its panel heading;
 * - Draftail's rich-text box (role="textbox") is not tied to its field's label
 *   (wagtail/wagtail#14205): it is named by that label, or, when the rich text
 *   is itself a stream block, by the block's type, or, in a plain Django form
 *   outside the page editor, by the <label for> of the input it writes to.
 *
 * Blocks are added while the mentor works, so new ones are named as they appear.
 * Once Wagtail names these itself, the script finds nothing to do.
 */
(function () {
  "use strict";

  var counter = 0;

  function ensureId(element, prefix) {
    if (!element.id) {
      counter += 1;
      element.id = prefix + "-" + counter;
    }
    return element.id;
  }

  function hasName(element) {
    if (element.getAttribute("aria-label") || element.getAttribute("aria-labelledby")) {
      return true;
    }
    return Boolean(element.labels && element.labels.length);
  }

  // The block type ("Heading", "Paragraph") in the nearest stream block's panel heading.
  function blockTypeLabel(element) {
    var child = element.closest("[data-streamfield-child]");
    if (!child) {
      return null;
    }
    return child.querySelector("[data-panel-heading] .c-sf-block__type");
  }

  // The <label> of the field an input belongs to, if it has one: the field's own
  // label, or, inside a StructBlock, the child's label that Wagtail places just
  // before the child block (a sibling, so it is not tied to the input).
  function fieldLabel(element) {
    var field = element.closest(".w-field");
    if (field) {
      var label = field.querySelector(".w-field__label");
      // A label belongs to this field only if no nearer field sits between them.
      if (label && label.closest(".w-field") === field) {
        return label;
      }
    }
    var child = element.closest("[data-contentpath]");
    if (child && child.closest("[data-streamfield-child]")) {
      var structLabel = child.querySelector(":scope > label.w-field__label");
      if (structLabel) {
        return structLabel;
      }
    }
    return null;
  }

  // Outside Wagtail's own forms (the case page's reply and note forms), an editor is
  // named by the <label for> of the hidden input it writes to, which Wagtail places
  // beside the editor's wrapper.
  function draftailInputLabel(box) {
    var wrapper = box.closest(".Draftail-Editor__wrapper");
    var input = wrapper && wrapper.parentElement.querySelector(":scope > input[data-draftail-input]");
    if (!input || !input.id) {
      return null;
    }
    return document.querySelector("label[for='" + window.CSS.escape(input.id) + "']");
  }

  function name(element, label) {
    if (label && !hasName(element)) {
      element.setAttribute("aria-labelledby", ensureId(label, "upstander-field-name"));
    }
  }

  function nameAll(root) {
    root
      .querySelectorAll(
        "[data-streamfield-child] [data-field-input] > input:not([type='hidden']), " +
          "[data-streamfield-child] [data-field-input] > textarea"
      )
      .forEach(function (input) {
        name(input, fieldLabel(input) || blockTypeLabel(input));
      });
    root.querySelectorAll(".Draftail-Editor [role='textbox']").forEach(function (box) {
      name(box, fieldLabel(box) || blockTypeLabel(box) || draftailInputLabel(box));
    });
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) {
      return;
    }
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      nameAll(document);
    });
  }

  function start() {
    nameAll(document);
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
