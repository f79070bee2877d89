import { Inngest } from "inngest";

/**
 * The one Inngest client. Where events go is decided by the environment: INNGEST_DEV for
 * the embedded executor (set by `npm start`) or a self-run Inngest dev server;
 * INNGEST_EVENT_KEY + INNGEST_SIGNING_KEY (and INNGEST_BASE_URL when self-hosted) for
 * Inngest Cloud or self-hosted Inngest.
 */
export const inngest = new Inngest({ id: "switchboard" });
