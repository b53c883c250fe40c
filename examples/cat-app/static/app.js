// Fetch /api/cat and swap the picture; ask for a different cat than the one shown.
(function () {
  'use strict';
  const img = document.getElementById('cat');
  const button = document.getElementById('next');
  const sourceName = document.getElementById('source-name');
  const error = document.getElementById('error');

  async function nextCat() {
    button.disabled = true;
    error.hidden = true;
    try {
      const query = new URLSearchParams({ exclude: img.dataset.catId || '' });
      const response = await fetch('/api/cat?' + query.toString(), { cache: 'no-store' });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      const cat = await response.json();
      img.src = cat.url;
      img.dataset.catId = cat.id;
      sourceName.textContent = cat.source;
    } catch (err) {
      error.textContent = 'No cat this time (' + err.message + '). Try again.';
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  }

  button.addEventListener('click', nextCat);
})();
