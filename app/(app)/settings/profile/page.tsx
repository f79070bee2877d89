import type { Metadata } from "next";
import { NotificationPreferencesForm } from "@/components/notifications/notification-preferences-form";
import { Page } from "@/components/shell/page";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChangePasswordForm } from "@/components/users/change-password-form";
import { getDb } from "@/lib/db/client";
import { getProfile } from "@/lib/users/users";
import { requireCaller } from "@/lib/workspace/session";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const caller = await requireCaller();
  const profile = await getProfile(getDb(), caller.userId);
  return (
    <Page>
      <PageHeader title="Profile" description={`${profile.name} · ${profile.email} · ${caller.role}`} />
      <Card>
        <CardHeader>
          <CardTitle>Password</CardTitle>
          <CardDescription>Choose a password you do not use anywhere else.</CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Notifications</CardTitle>
          <CardDescription>How you hear about conversations assigned to you and notes that @mention you, in this workspace.</CardDescription>
        </CardHeader>
        <CardContent>
          <NotificationPreferencesForm />
        </CardContent>
      </Card>
    </Page>
  );
}
