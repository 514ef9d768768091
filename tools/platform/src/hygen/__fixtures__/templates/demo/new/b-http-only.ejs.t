---
to: "<%= kind === 'http' ? `out/${name}/http.txt` : null %>"
---
Only for http services.
