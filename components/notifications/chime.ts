/**
 * A short two-note chime synthesised with the Web Audio API, so no sound file ships
 * with the app. Browsers only allow audio after the user has interacted with the page;
 * until then the chime is silently skipped.
 */

let audioContext: AudioContext | null = null;

const NOTES_HZ = [880, 1318.5];
const NOTE_SECONDS = 0.12;
const VOLUME = 0.15;

export function playNotificationChime(): void {
  if (typeof window === "undefined" || typeof window.AudioContext !== "function") return;
  try {
    audioContext ??= new AudioContext();
    if (audioContext.state === "suspended") void audioContext.resume().catch(() => undefined);
    const start = audioContext.currentTime;
    NOTES_HZ.forEach((frequency, index) => {
      const context = audioContext!;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      const noteStart = start + index * NOTE_SECONDS;
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      // A quick attack and exponential decay avoid the click of a hard start/stop.
      gain.gain.setValueAtTime(0.0001, noteStart);
      gain.gain.exponentialRampToValueAtTime(VOLUME, noteStart + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, noteStart + NOTE_SECONDS * 1.8);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(noteStart);
      oscillator.stop(noteStart + NOTE_SECONDS * 2);
    });
  } catch {
    // Audio is a nicety: a browser refusing it must not break the notification.
  }
}
