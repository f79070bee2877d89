/** A member who can be mentioned in an internal note. */
export interface MentionableMember {
  id: string;
  name: string;
  email: string;
}

const HANDLE_CHARACTER = /[\p{L}\p{N}_-]/u;

/** Whether `@handle` occurs in `text` as a whole mention: not inside an email address, not a prefix of a longer word. */
function mentions(text: string, handle: string): boolean {
  const needle = `@${handle}`;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const before = at === 0 ? "" : text[at - 1]!;
    const after = text[at + needle.length] ?? "";
    // "@priya@acme.test" is a mention; "bob@priya" is not.
    const startsMention = before === "" || !(HANDLE_CHARACTER.test(before) || before === "." || before === "@");
    // "@Priya." ends a sentence; "@Priyanka" and "@priya.k" are other names.
    const endsMention = after === "" || !(HANDLE_CHARACTER.test(after) || (after === "." && HANDLE_CHARACTER.test(text[at + needle.length + 1] ?? "")) || after === "@");
    if (startsMention && endsMention) return true;
  }
  return false;
}

/**
 * The members a note mentions, as `@Full Name`, `@email`, or `@FirstName` when no other
 * member shares that first name (an ambiguous first name notifies nobody rather than
 * the wrong person). Case-insensitive.
 */
export function findMentionedMembers<T extends MentionableMember>(text: string, members: readonly T[]): T[] {
  if (!text.includes("@")) return [];
  const lowered = text.toLowerCase();
  const firstNameOf = (member: T) => member.name.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  const firstNameCounts = new Map<string, number>();
  for (const member of members) {
    const first = firstNameOf(member);
    if (first) firstNameCounts.set(first, (firstNameCounts.get(first) ?? 0) + 1);
  }
  return members.filter((member) => {
    const fullName = member.name.trim().replace(/\s+/g, " ").toLowerCase();
    const first = firstNameOf(member);
    const handles = [member.email.toLowerCase(), fullName, ...(first && firstNameCounts.get(first) === 1 ? [first] : [])];
    return handles.some((handle) => handle && mentions(lowered, handle));
  });
}
