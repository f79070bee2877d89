const VARIABLES = [
  { name: "{{contact.name}}", meaning: "the customer's name (empty when unknown)" },
  { name: "{{agent.name}}", meaning: "the name of the agent sending the reply" },
  { name: "{{conversation.id}}", meaning: "the conversation's reference" },
] as const;

/** The placeholders a canned response may use; they are filled in when an agent inserts it. */
export function VariablesHelp() {
  return (
    <div className="rounded-md border bg-muted/40 px-3 py-2 text-[13px]">
      <p className="font-medium">Variables</p>
      <ul className="mt-1 grid gap-0.5 text-muted-foreground">
        {VARIABLES.map((variable) => (
          <li key={variable.name}>
            <code className="rounded bg-background px-1 font-mono text-foreground">{variable.name}</code> — {variable.meaning}
          </li>
        ))}
      </ul>
    </div>
  );
}
