"use client";

import { useMutation } from "@tanstack/react-query";
import { FileUp } from "lucide-react";
import { useState, type FormEvent } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/use-toast";
import { useInvalidateCanned } from "./canned-form-dialog";

/** Mirrors the server's import limit so a too-large file is refused before it is uploaded. */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const ACCEPTED = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The file's bytes as base64 (the data URL minus its "data:…;base64," prefix). */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(new Error(`${file.name} could not be read: ${reader.error?.message ?? "unknown error"}`));
    reader.readAsDataURL(file);
  });
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

export function ImportDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateCanned();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const importFile = useMutation(
    trpc.canned.import.mutationOptions({
      onSuccess: async (result) => {
        await invalidate();
        toast({
          variant: result.errors.length ? "default" : "success",
          title: "Import finished",
          description: `${plural(result.created, "response")} created, ${plural(result.updated, "response")} updated${result.errors.length ? `, ${plural(result.errors.length, "problem")} reported` : ""}.`,
        });
      },
    }),
  );
  const [reading, setReading] = useState(false);
  const busy = reading || importFile.isPending;

  function close() {
    setFile(null);
    setFileError(null);
    importFile.reset();
    onOpenChange(false);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setFileError("Choose a CSV or XLSX file.");
    if (file.size > MAX_IMPORT_BYTES) return setFileError(`${file.name} is larger than the 5 MB import limit; split it into several files.`);
    setFileError(null);
    importFile.reset();
    setReading(true);
    try {
      importFile.mutate({ fileName: file.name, contentBase64: await readAsBase64(file) });
    } catch (error) {
      setFileError(messageOf(error));
    } finally {
      setReading(false);
    }
  }

  const result = importFile.data;
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : close())}>
      <DialogContent className="sm:max-w-2xl">
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Import canned responses</DialogTitle>
            <DialogDescription>
              A CSV or XLSX file whose first row is <code className="font-mono">shortcut,title,content,keywords</code> (keywords optional, separated by ;).
              Existing shortcuts are updated; invalid rows are skipped and listed below.
            </DialogDescription>
          </DialogHeader>
          <FormField label="File" error={fileError} required>
            <Input
              name="file"
              type="file"
              accept={ACCEPTED}
              disabled={busy}
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                setFileError(null);
                importFile.reset();
              }}
            />
          </FormField>
          {busy ? (
            <div role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
              <Spinner size="sm" /> {reading ? "Reading" : "Importing"} {file?.name}…
            </div>
          ) : null}
          {importFile.error ? (
            <Alert variant="destructive">
              <AlertTitle>Nothing was imported</AlertTitle>
              <AlertDescription>{messageOf(importFile.error)}</AlertDescription>
            </Alert>
          ) : null}
          {result ? (
            <div className="grid gap-3" data-testid="import-report">
              <Alert variant={result.errors.length ? "warning" : "success"}>
                <AlertTitle>
                  {plural(result.created, "response")} created, {plural(result.updated, "response")} updated
                </AlertTitle>
                <AlertDescription>
                  {result.errors.length ? `${plural(result.errors.length, "problem")} in the file; fix those rows and import it again.` : "Every row was imported."}
                </AlertDescription>
              </Alert>
              {result.errors.length ? (
                <div className="max-h-64 overflow-y-auto rounded-md border">
                  <Table aria-label="Import problems">
                    <TableHeader>
                      <TableRow>
                        <TableHead className="w-16">Row</TableHead>
                        <TableHead className="w-28">Field</TableHead>
                        <TableHead>Problem</TableHead>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {result.errors.map((error, index) => (
                        <TableRow key={`${error.row}-${error.field}-${index}`}>
                          <TableCell className="tabular-nums">{error.row === 0 ? "file" : error.row}</TableCell>
                          <TableCell className="font-mono text-xs">{error.field}</TableCell>
                          <TableCell className="whitespace-normal">{error.message}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
              ) : null}
            </div>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={close}>{result ? "Done" : "Cancel"}</Button>
            <Button type="submit" disabled={busy || !file}>
              {busy ? <Spinner size="sm" /> : <FileUp />}
              Import
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
