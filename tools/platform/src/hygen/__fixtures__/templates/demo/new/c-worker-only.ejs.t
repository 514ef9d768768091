---
to: "<%= kind === 'worker' ? `out/${name}/worker.txt` : null %>"
---
Only for workers.
