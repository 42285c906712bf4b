// Fills the demo page from the store's own data, so it always matches what the bot knows.
(async () => {
  try {
    const res = await fetch('/api/store');
    if (!res.ok) return;
    const store = await res.json();
    document.getElementById('store-name').textContent = store.name;
    document.title = `${store.name} · Switchboard demo`;
    const list = document.getElementById('products');
    for (const p of store.featured) {
      const li = document.createElement('li');
      const name = document.createElement('strong');
      name.textContent = p.name;
      const meta = document.createElement('span');
      meta.textContent = `${p.category.replaceAll('_', ' ')} · $${p.price.toFixed(2)} · ${p.sku}`;
      li.append(name, meta);
      list.append(li);
    }
  } catch {
    /* the page still works without the product list */
  }
})();
