// Log lines on stderr in the native engine's format: the Prisma CLI parses
// each line as JSON, collects `fields.message`, and remembers ERROR lines.

/**
 * @param {"INFO" | "WARN" | "ERROR"} level
 * @param {Record<string, unknown> & { message: string }} fields
 * @param {string} [target]
 */
export function logLine(level, fields, target = "schema_engine::logger") {
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target })}\n`);
}
