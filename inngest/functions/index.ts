import { answerMessage } from "./answer-message";
import { processKnowledgeDocumentFunction } from "./process-knowledge-document";
import { purgeLoginAttempts } from "./purge-login-attempts";
import { purgeOutboxEvents } from "./purge-outbox-events";
import { purgeRateLimitEvents } from "./purge-rate-limit-events";
import { relayOutbox } from "./relay-outbox";

/** Every function the app serves at /api/inngest. */
export const functions = [purgeLoginAttempts, relayOutbox, processKnowledgeDocumentFunction, answerMessage, purgeRateLimitEvents, purgeOutboxEvents];
