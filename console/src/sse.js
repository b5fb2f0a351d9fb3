// Server-sent events read from a fetch() body (EventSource cannot send an Authorization
// header). Parses the text/event-stream format: fields `id`, `event`, `data` (joined with
// newlines), comment lines (": ping") ignored, an event ends at a blank line.

/**
 * Read `response`'s events until the stream ends or `signal` aborts; calls
 * onEvent({id, event, data}) for each. Resolves when the server closes the stream.
 */
export async function readEvents(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let fields = { id: null, event: "message", data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
      if (line === "") {
        if (fields.data.length) onEvent({ id: fields.id, event: fields.event, data: fields.data.join("\n") });
        fields = { id: null, event: "message", data: [] };
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const name = colon < 0 ? line : line.slice(0, colon);
      let text = colon < 0 ? "" : line.slice(colon + 1);
      if (text.startsWith(" ")) text = text.slice(1);
      if (name === "data") fields.data.push(text);
      else if (name === "event") fields.event = text;
      else if (name === "id") fields.id = text;
    }
  }
}
