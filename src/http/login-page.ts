/** The console sign-in form (no script; posts the token to `/login`). */
export const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Firebreak · sign in</title>
<style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#f6f7f9;color:#1d1f23}
form{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0001;display:grid;gap:.75rem;width:min(22rem,90vw)}
input{font:inherit;padding:.6rem;border:1px solid #c8ccd2;border-radius:8px}button{font:inherit;padding:.6rem;border:0;border-radius:8px;background:#c2410c;color:#fff}
.error{color:#b91c1c;margin:0}@media (prefers-color-scheme:dark){body{background:#16181c;color:#e8e9eb}form{background:#1f2227}input{background:#16181c;color:inherit;border-color:#3a3f47}}</style></head>
<body><form method="post" action="/login"><h1>Firebreak</h1><!--error--><label for="token">Console token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus><button type="submit">Sign in</button></form></body></html>`;
