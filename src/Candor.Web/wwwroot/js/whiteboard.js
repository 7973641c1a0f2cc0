// The whiteboard panel, shown only when the interview's tools include it: a freehand canvas for system-design
// sketches. Pointer events cover mouse, touch and pen alike. Strokes are kept as point lists so "undo" can
// redraw without the last one. The sketch goes with the answer as a PNG data URL, capped at 1 MB.
const MAX_PNG_BYTES = 1024 * 1024;
const PREFIX = "data:image/png;base64,";

export function openWhiteboard({ panel, onChange = () => {} }) {
  const canvas = panel.querySelector("canvas");
  const status = panel.querySelector("[data-whiteboard-status]");
  const context = canvas.getContext("2d");
  const strokes = [];
  let drawing = null;
  let colour = panel.querySelector("[data-colour][aria-pressed='true']")?.dataset.colour ?? "#1f2937";

  function redraw() {
    // A white background, so the PNG reads the same in a dark-mode results page.
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    for (const stroke of strokes) drawStroke(stroke);
  }

  function drawStroke(stroke) {
    context.strokeStyle = stroke.colour;
    context.fillStyle = stroke.colour;
    context.lineWidth = 3;
    context.lineCap = "round";
    context.lineJoin = "round";
    const [first, ...rest] = stroke.points;
    if (rest.length === 0) {
      context.beginPath();
      context.arc(first.x, first.y, 1.5, 0, Math.PI * 2);
      context.fill();
      return;
    }
    context.beginPath();
    context.moveTo(first.x, first.y);
    for (const point of rest) context.lineTo(point.x, point.y);
    context.stroke();
  }

  function announce(message) {
    status.textContent = message;
  }

  function updateButtons() {
    panel.querySelector("[data-action='undo']").disabled = strokes.length === 0;
    panel.querySelector("[data-action='clear']").disabled = strokes.length === 0;
  }

  function pointFrom(event) {
    const box = canvas.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * canvas.width) / box.width, y: ((event.clientY - box.top) * canvas.height) / box.height };
  }

  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = { colour, points: [pointFrom(event)] };
    strokes.push(drawing);
    drawStroke(drawing);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    drawing.points.push(pointFrom(event));
    const points = drawing.points.slice(-2);
    drawStroke({ colour: drawing.colour, points });
  });
  const finish = () => {
    if (!drawing) return;
    drawing = null;
    updateButtons();
    onChange();
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);

  panel.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !panel.contains(button)) return;
    if (button.dataset.colour) {
      colour = button.dataset.colour;
      for (const other of panel.querySelectorAll("[data-colour]")) other.setAttribute("aria-pressed", String(other === button));
      announce(`Pen colour: ${button.textContent.trim()}.`);
    } else if (button.dataset.action === "undo") {
      strokes.pop();
      redraw();
      announce(strokes.length ? "Last stroke undone." : "Whiteboard is empty.");
    } else if (button.dataset.action === "clear") {
      strokes.length = 0;
      redraw();
      announce("Whiteboard cleared.");
    }
    updateButtons();
  });

  redraw();
  updateButtons();
  panel.hidden = false;

  return {
    isEmpty: () => strokes.length === 0,
    /** The sketch as a PNG data URL of at most 1 MB, or null when nothing was drawn. */
    toDataUrl() {
      if (strokes.length === 0) return null;
      let source = canvas;
      let url = canvas.toDataURL("image/png");
      // Halve the size until it fits; a sketch stays legible well below full resolution.
      while (pngBytes(url) > MAX_PNG_BYTES && source.width > 64) {
        const smaller = document.createElement("canvas");
        smaller.width = Math.floor(source.width / 2);
        smaller.height = Math.floor(source.height / 2);
        smaller.getContext("2d").drawImage(source, 0, 0, smaller.width, smaller.height);
        source = smaller;
        url = smaller.toDataURL("image/png");
      }
      return url;
    },
    clear() {
      strokes.length = 0;
      redraw();
      updateButtons();
    },
  };
}

function pngBytes(url) {
  return Math.floor(((url.length - PREFIX.length) * 3) / 4);
}
