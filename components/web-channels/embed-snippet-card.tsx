import { Code } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "./code-block";

/** The one tag a site adds to show the widget. */
function embedSnippet(origin: string, publicKey: string): string {
  return `<script src="${origin}/widget.js" data-key="${publicKey}" async></script>`;
}

export function EmbedSnippetCard({ origin, publicKey }: { origin: string; publicKey: string | null }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Code className="size-4" /> Embed snippet
        </CardTitle>
        <CardDescription>Paste it before &lt;/body&gt; on every page that should show the chat, on a site listed under allowed origins.</CardDescription>
      </CardHeader>
      <CardContent>
        {publicKey ? (
          <CodeBlock code={embedSnippet(origin, publicKey)} label="Embed snippet" wrap />
        ) : (
          <p className="text-sm text-muted-foreground">Save the settings once to give this channel its widget key.</p>
        )}
      </CardContent>
    </Card>
  );
}
