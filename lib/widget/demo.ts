import type { Database } from "@/lib/db/client";
import { PRODUCTS, SHIPPING, STORE } from "@/lib/seed/store-facts";
import { DEMO_ACCOUNT } from "@/lib/seed/workspace-data";
import { identityHash } from "./identity";
import { escapeHtml } from "@/lib/http/html";

export interface DemoCustomer {
  id: string;
  name: string;
  email: string | null;
  hash: string;
}

export interface DemoStore {
  widgetKey: string;
  /** A seeded customer the host site "signs in", with the hash its server would compute. */
  customer: DemoCustomer | null;
}

/**
 * The demo workspace's web channel and a customer to sign in as: the one with a verified
 * web identity and the most orders, so the assistant has something to look up.
 */
export async function loadDemoStore(db: Database): Promise<DemoStore | null> {
  const channel = await db.channel.findFirst({
    where: { type: "web", active: true, publicKey: { not: null }, account: { slug: DEMO_ACCOUNT.slug } },
    orderBy: { createdAt: "asc" },
    select: { accountId: true, publicKey: true, webhookSecret: true },
  });
  if (!channel?.publicKey) return null;
  const identities = channel.webhookSecret
    ? await db.contactIdentifier.findMany({
        where: { accountId: channel.accountId, channelType: "web", verified: true, contact: { mergedIntoId: null } },
        select: { identifier: true, contact: { select: { name: true, email: true, _count: { select: { orders: true } } } } },
      })
    : [];
  const best = identities
    .filter((identity) => identity.contact.name)
    .sort((a, b) => b.contact._count.orders - a.contact._count.orders || a.contact.name!.localeCompare(b.contact.name!))[0];
  return {
    widgetKey: channel.publicKey,
    customer:
      best && channel.webhookSecret
        ? { id: best.identifier, name: best.contact.name!, email: best.contact.email, hash: identityHash(channel.webhookSecret, best.identifier) }
        : null,
  };
}

const price = (cents: number) => `$${(cents / 100).toFixed(2)}`;

const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 Georgia,"Times New Roman",serif;color:#1d2a22;background:#f7f4ee}
header{display:flex;align-items:center;gap:24px;padding:18px 40px;background:#1f3a2b;color:#f7f4ee}
header strong{font-size:22px;letter-spacing:.5px}
header nav{display:flex;gap:20px;flex:1;font:15px system-ui,sans-serif}
header a{color:inherit;text-decoration:none}
.account{font:14px system-ui,sans-serif}
.account button{padding:8px 14px;border:1px solid #f7f4ee;border-radius:6px;background:transparent;color:inherit;font:inherit;cursor:pointer}
.hero{padding:64px 40px;background:linear-gradient(120deg,#2f5a43,#1f3a2b);color:#fff}
.hero h1{margin:0 0 12px;font-size:44px;font-weight:normal}
.hero p{max-width:560px;margin:0;font:18px/1.5 system-ui,sans-serif;opacity:.9}
main{padding:40px}
h2{font-weight:normal;font-size:28px;margin:0 0 20px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:20px}
.product{padding:18px;border-radius:10px;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.08);font-family:system-ui,sans-serif}
.swatch{height:120px;margin-bottom:12px;border-radius:8px;background:linear-gradient(135deg,#cfd8c8,#8fa88a)}
.product b{display:block}
.product span{color:#4b5b50}
.note{margin-top:40px;padding:20px;border-left:4px solid #1f6f4a;background:#fff;font:15px/1.5 system-ui,sans-serif}
code{display:block;margin-top:8px;padding:10px;overflow-x:auto;background:#f1efe9;font:13px ui-monospace,monospace;white-space:pre}
footer{padding:24px 40px;color:#4b5b50;font:14px system-ui,sans-serif}
@media (max-width:640px){header{flex-wrap:wrap;padding:14px 18px}.hero{padding:40px 18px}.hero h1{font-size:32px}main{padding:24px 18px}}
`;

/**
 * A small shop page that embeds the demo workspace's widget exactly as a customer's site
 * would: one script tag. "Sign in" calls Switchboard.identify with the hash this page's
 * server computed, the way a real site does after its own login.
 */
export function demoPageHtml(store: DemoStore | null, origin: string): string {
  const embed = store ? `<script src="${origin}/widget.js" data-key="${escapeHtml(store.widgetKey)}" async></script>` : "";
  const signIn = store?.customer
    ? `<div class="account" id="account"><button type="button" id="sign-in">Sign in as demo customer (${escapeHtml(store.customer.name)})</button></div>
<script>
document.getElementById("sign-in").addEventListener("click", function () {
  var customer = ${JSON.stringify(store.customer).replace(/</g, "\\u003c")};
  (window.Switchboard = window.Switchboard || { q: [] });
  if (window.Switchboard.q) window.Switchboard.q.push(["identify", customer]); else window.Switchboard.identify(customer);
  document.getElementById("account").textContent = "Signed in as " + customer.name;
});
</script>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(STORE.name)} – outdoor clothing and gear</title>
<style>${STYLES}</style>
${embed}
</head>
<body>
<header><strong>${escapeHtml(STORE.name)}</strong><nav><a href="#shop">Shop</a><a href="#shop">New arrivals</a><a href="#help">Help</a></nav>${signIn}</header>
<section class="hero"><h1>Gear for every trail</h1><p>Rain shells, down, boots and packs, tested on the ridgelines we love. Free standard shipping on orders over ${SHIPPING.freeOver}.</p></section>
<main id="shop">
<h2>Bestsellers</h2>
<div class="grid">
${PRODUCTS.map((product) => `<div class="product"><div class="swatch" aria-hidden="true"></div><b>${escapeHtml(product.name)}</b><span>${price(product.priceCents)}</span></div>`).join("\n")}
</div>
<div class="note" id="help">
${
  store
    ? `Questions about shipping, returns or sizing? Use the chat button in the corner. This page is a demo store: the chat is the Switchboard widget, embedded with
<code>${escapeHtml(embed)}</code>`
    : "The demo workspace is not set up yet: run <b>npm run db:seed</b> (or start Switchboard once) to create it."
}
</div>
</main>
<footer>© ${escapeHtml(STORE.name)} · ${escapeHtml(STORE.supportEmail)} · ${escapeHtml(STORE.phone)}</footer>
</body>
</html>`;
}
