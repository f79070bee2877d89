import { h, icon } from "./dom";

/** A file the server stored for this session; its proof goes back with the message. */
export interface UploadedFile {
  id: string;
  proof: string;
  name: string;
  contentType: string;
  size: number;
}

export interface QueuedFile {
  file: File;
  previewUrl: string;
  upload: Promise<UploadedFile>;
}

export interface ComposerHandlers {
  upload(file: File): Promise<UploadedFile>;
  send(text: string, files: QueuedFile[]): void;
  typing(): void;
  error(message: string): void;
}

/** Matches the server's upload limit, so a too-large file is refused before it is sent. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_RECORDING_MS = 2 * 60_000;
const RECORDING_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];

const touchDevice = () => matchMedia("(pointer: coarse)").matches;

/** The message box: text, photos (picker, camera, drag and drop, paste) and voice notes. */
export class Composer {
  readonly element: HTMLFormElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly queue = h("ul", { class: "queued", "aria-label": "Attachments to send" });
  private readonly notice = h("p", { class: "notice", hidden: true });
  private readonly row: HTMLDivElement;
  private readonly controls: HTMLElement[];
  private files: QueuedFile[] = [];
  /** Ends the recording in progress: send it, or drop it. */
  private finishRecording: ((send: boolean) => void) | null = null;

  constructor(private readonly handlers: ComposerHandlers) {
    this.textarea = h("textarea", {
      rows: 1,
      placeholder: "Write a message…",
      "aria-label": "Message",
      maxlength: 20_000,
      oninput: () => {
        this.autosize();
        if (this.textarea.value.trim()) handlers.typing();
      },
      onkeydown: (event: KeyboardEvent) => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.submit();
        }
      },
      onpaste: (event: ClipboardEvent) => {
        const pasted = [...(event.clipboardData?.files ?? [])];
        if (pasted.length) {
          event.preventDefault();
          this.addFiles(pasted);
        }
      },
    });
    const picker = h("input", { type: "file", accept: "image/*,application/pdf", multiple: true, hidden: true, onchange: () => this.takeFrom(picker) });
    const camera = h("input", { type: "file", accept: "image/*", capture: "environment", hidden: true, onchange: () => this.takeFrom(camera) });
    this.controls = [
      h("button", { type: "button", class: "icon-button", "aria-label": "Attach a photo or file", onclick: () => picker.click() }, icon("attach")),
      ...(touchDevice() ? [h("button", { type: "button", class: "icon-button", "aria-label": "Take a photo", onclick: () => camera.click() }, icon("camera"))] : []),
      ...(typeof MediaRecorder === "undefined" ? [] : [h("button", { type: "button", class: "icon-button", "aria-label": "Record a voice note", onclick: () => void this.record() }, icon("mic"))]),
      h("button", { type: "submit", class: "icon-button send", "aria-label": "Send" }, icon("send")),
    ];
    this.row = h("div", { class: "composer-row" }, this.textarea, ...this.controls);
    this.element = h(
      "form",
      {
        class: "composer",
        onsubmit: (event: Event) => {
          event.preventDefault();
          this.submit();
        },
      },
      this.notice,
      this.queue,
      picker,
      camera,
      this.row,
    );
  }

  focus(): void {
    this.textarea.focus();
  }

  /** Puts text in the box (a quick reply chip sends it straight away instead). */
  setText(text: string): void {
    this.textarea.value = text;
    this.autosize();
  }

  /** Disables typing with a reason shown above the box (identity required, offline), or enables it. */
  setEnabled(enabled: boolean, reason?: string): void {
    this.textarea.disabled = !enabled;
    for (const control of this.controls) (control as HTMLButtonElement).disabled = !enabled;
    this.showNotice(enabled ? null : (reason ?? null));
  }

  showNotice(text: string | null, isError = false): void {
    this.notice.hidden = !text;
    this.notice.textContent = text ?? "";
    this.notice.className = isError ? "notice error" : "notice";
    this.notice.setAttribute("role", isError ? "alert" : "status");
  }

  addFiles(files: File[]): void {
    for (const file of files) {
      if (file.size > MAX_FILE_BYTES) {
        this.handlers.error(`"${file.name}" is over the 10 MB limit.`);
        continue;
      }
      const queued: QueuedFile = { file, previewUrl: URL.createObjectURL(file), upload: this.handlers.upload(file) };
      queued.upload.catch((error: Error) => {
        this.handlers.error(error.message);
        this.removeFile(queued);
      });
      this.files.push(queued);
    }
    this.renderQueue();
  }

  private takeFrom(input: HTMLInputElement): void {
    this.addFiles([...(input.files ?? [])]);
    input.value = "";
  }

  private removeFile(file: QueuedFile): void {
    this.files = this.files.filter((candidate) => candidate !== file);
    this.renderQueue();
  }

  private renderQueue(): void {
    this.queue.replaceChildren(
      ...this.files.map((queued) =>
        h(
          "li",
          null,
          queued.file.type.startsWith("image/") ? h("img", { src: queued.previewUrl, alt: queued.file.name }) : h("span", { class: "file-chip" }, queued.file.name),
          h("button", { type: "button", class: "remove", "aria-label": `Remove ${queued.file.name}`, onclick: () => this.removeFile(queued) }, "×"),
        ),
      ),
    );
  }

  private autosize(): void {
    this.textarea.style.height = "auto";
    this.textarea.style.height = `${Math.min(this.textarea.scrollHeight + 2, 120)}px`;
  }

  private submit(): void {
    const text = this.textarea.value.trim();
    if (!text && this.files.length === 0) return;
    this.handlers.send(text, this.files);
    this.textarea.value = "";
    this.files = [];
    this.renderQueue();
    this.autosize();
  }

  /** Records a voice note in the browser and sends it when the customer stops. */
  private async record(): Promise<void> {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      this.handlers.error("Allow microphone access to record a voice note.");
      return;
    }
    const mimeType = RECORDING_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    let cancelled = false;
    const started = Date.now();
    const clock = h("span", { "aria-live": "off" }, "0:00");
    const finish = (send: boolean) => {
      cancelled = !send;
      if (recorder.state !== "inactive") recorder.stop();
    };
    const stop = h("button", { type: "button", class: "icon-button send", "aria-label": "Stop and send the voice note", onclick: () => finish(true) }, icon("stop"));
    const panel = h(
      "div",
      { class: "recording", role: "status" },
      h("span", { class: "dot", "aria-hidden": "true" }),
      h("span", null, "Recording "),
      clock,
      h("span", { class: "grow" }),
      h("button", { type: "button", class: "link-button", onclick: () => finish(false) }, "Cancel"),
    );
    const timer = setInterval(() => {
      const seconds = Math.floor((Date.now() - started) / 1000);
      clock.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
      if (Date.now() - started > MAX_RECORDING_MS) finish(true);
    }, 500);
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.onstop = () => {
      clearInterval(timer);
      stream.getTracks().forEach((track) => track.stop());
      this.finishRecording = null;
      panel.replaceWith(this.textarea);
      stop.replaceWith(this.controls.at(-1)!);
      for (const control of this.controls.slice(0, -1)) control.hidden = false;
      if (cancelled || chunks.length === 0) return;
      const type = recorder.mimeType.split(";")[0] || "audio/webm";
      const extension = type.includes("ogg") ? "ogg" : type.includes("mp4") ? "m4a" : "webm";
      const note = new File(chunks, `voice-note.${extension}`, { type });
      const queued: QueuedFile = { file: note, previewUrl: URL.createObjectURL(note), upload: this.handlers.upload(note) };
      queued.upload.catch((error: Error) => this.handlers.error(error.message));
      this.handlers.send("", [queued]);
    };
    this.finishRecording = finish;
    this.textarea.replaceWith(panel);
    for (const control of this.controls.slice(0, -1)) control.hidden = true;
    this.controls.at(-1)!.replaceWith(stop);
    recorder.start();
    stop.focus();
  }

  /** Drops a recording in progress (the panel closed). */
  cancelRecording(): void {
    this.finishRecording?.(false);
  }
}
