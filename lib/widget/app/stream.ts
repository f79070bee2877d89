/** One chunk of an AI SDK UI message stream, as far as the widget reads it. */
export interface UiStreamChunk {
  type: string;
  id?: string;
  messageId?: string;
  delta?: string;
  url?: string;
  title?: string;
  data?: unknown;
  errorText?: string;
}

/**
 * Reads an AI SDK UI message stream (server-sent events, one JSON chunk per `data:`
 * line, ended by `data: [DONE]`) and yields its chunks as they arrive.
 */
export async function* readUiMessageStream(body: ReadableStream<Uint8Array>): AsyncGenerator<UiStreamChunk> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    buffer += decoder.decode(value, { stream: !done });
    const events = buffer.split(/\r?\n\r?\n/);
    buffer = done ? "" : events.pop()!;
    for (const event of events) {
      for (const line of event.split(/\r?\n/)) {
        if (!line.startsWith("data:")) continue;
        const payload = line.slice(5).trim();
        if (!payload || payload === "[DONE]") continue;
        try {
          yield JSON.parse(payload) as UiStreamChunk;
        } catch {
          // A malformed chunk is skipped; the rest of the answer still shows.
        }
      }
    }
    if (done) return;
  }
}
