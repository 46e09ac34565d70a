import { researchPageOf100 } from './core.bench.ts';
const { text } = researchPageOf100();
function quote(text: string): string {
  let out = '';
  let copied = 0;
  const n = text.length;
  for (let i = 8; i < n; i += 8) {
    let c = text.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    c = text.charCodeAt(i - 8);
    if (c < 48 || c > 57) continue;
    let start = i - 8;
    while (start > 0) { c = text.charCodeAt(start - 1); if (c < 48 || c > 57) break; start--; }
    let end = i + 1;
    while (end < n) { c = text.charCodeAt(end); if (c < 48 || c > 57) break; end++; }
    i = end;
    if (end - start < 16) continue;
    c = text.charCodeAt(end);
    if (c !== 44 && c !== 125 && c !== 93 && c !== 32 && c !== 10 && c !== 13 && c !== 9) continue;
    let p = start - 1;
    if (text.charCodeAt(p) === 45) p--;
    const numberStart = p + 1;
    c = text.charCodeAt(p);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(--p);
    if (c !== 58 || text.charCodeAt(p - 1) !== 34) continue;
    out += `${text.slice(copied, numberStart)}"${text.slice(numberStart, end)}"`;
    copied = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
function quote2(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  const n = text.length;
  for (let i = 8; i < n; i += 8) {
    let c = text.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    c = text.charCodeAt(i - 8);
    if (c < 48 || c > 57) continue;
    let start = i - 8;
    while (start > 0) { c = text.charCodeAt(start - 1); if (c < 48 || c > 57) break; start--; }
    let end = i + 1;
    while (end < n) { c = text.charCodeAt(end); if (c < 48 || c > 57) break; end++; }
    i = end;
    if (end - start < 16) continue;
    c = text.charCodeAt(end);
    if (c !== 44 && c !== 125 && c !== 93 && c !== 32 && c !== 10 && c !== 13 && c !== 9) continue;
    let p = start - 1;
    if (text.charCodeAt(p) === 45) p--;
    const numberStart = p + 1;
    c = text.charCodeAt(p);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(--p);
    if (c !== 58 || text.charCodeAt(p - 1) !== 34) continue;
    parts.push(text.slice(copied, numberStart), '"', text.slice(numberStart, end), '"');
    copied = end;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}
const re = (t: string) => t.replace(/":(\s*)(-?\d{16,})(?=[,}\]\s])/g, '":$1"$2"');
if (re(text) !== quote(text)) throw new Error('differs');
const v: Record<string, (t: string) => unknown> = {
  json: JSON.parse,
  re,
  quote,
  lossless_re: (t) => JSON.parse(re(t)),
  lossless_q: (t) => JSON.parse(quote(t)),
  quote2,
  lossless_q2: (t) => JSON.parse(quote2(t)),
  flat_re: (t) => JSON.parse(re(t)),
};
function time(f: (t: string) => unknown, n = 300) { const s = process.cpuUsage(); for (let i = 0; i < n; i++) f(text); const d = process.cpuUsage(s); return (d.user + d.system) / n; }
for (const f of Object.values(v)) time(f, 500);
for (let r = 0; r < 3; r++) { const o: Record<string, string> = {}; for (const [k, f] of Object.entries(v)) o[k] = time(f).toFixed(1); console.log(JSON.stringify(o)); }
