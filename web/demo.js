// Fills the demo page from the store's own data, so it always matches what the bot knows.
(async () => {
  try {
    const res = await fetch('/api/store');
    if (!res.ok) return;
    const store = await res.json();
    document.getElementById('store-name').textContent = store.name;
    document.title = `${store.name} · Switchboard demo`;
    const list = document.getElementById('products');
    // The store's own currency, written the way the browser's locale data writes it (CA$, €, £...).
    const money = new Intl.NumberFormat('en', { style: 'currency', currency: store.currency });
    for (const p of store.featured) {
      const li = document.createElement('li');
      const name = document.createElement('strong');
      name.textContent = p.name;
      const meta = document.createElement('span');
      meta.textContent = `${p.category.replaceAll('_', ' ')} · ${money.format(p.price)} · ${p.sku}`;
      li.append(name, meta);
      list.append(li);
    }
  } catch {
    /* the page still works without the product list */
  }
})();

// Development only: when the server offers demo sign-in (DEMO_IDENTITY=true), this page plays the
// store's site: it asks the server to sign an identity token for a demo customer and hands it to
// the widget. A real site signs the token on its own server (see README, "Signed-in shoppers").
(async () => {
  try {
    const store = await (await fetch('/api/store')).json();
    if (!store.demoSignIn) return;
    const res = await fetch('/api/demo/customers');
    if (!res.ok) return;
    const { customers } = await res.json();
    const section = document.getElementById('demo-signin');
    const select = document.getElementById('demo-customer');
    for (const c of customers) {
      const option = document.createElement('option');
      option.value = c.email;
      option.textContent = `${c.name} (${c.email})`;
      select.append(option);
    }
    section.hidden = false;
    document.getElementById('demo-signin-button').addEventListener('click', async () => {
      const minted = await fetch('/api/demo/identity-token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: select.value }),
      });
      if (!minted.ok) return;
      const { identityToken, name } = await minted.json();
      await window.SwitchboardWidget.identify(identityToken);
      document.getElementById('demo-signed-in').textContent = `Signed in as ${name}.`;
    });
  } catch {
    /* demo sign-in is optional */
  }
})();
