// Saving what the page shows: text files (CSV, JSON, HTML, SVG) and a chart's SVG drawn to a PNG.
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** RFC 4180 CSV: every cell quoted when it holds a comma, quote or line break; CRLF-free (\n) like the CLI. */
export function toCsvText(header: string[], rows: string[][]): string {
  const q = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
}

/** Draw an SVG string on a canvas (2× for sharpness) and save it as PNG. */
export async function downloadPng(name: string, svg: string): Promise<void> {
  const w = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 800);
  const h = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 600);
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the chart could not be drawn as a picture'));
    img.src = url;
  });
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(w * 2);
  canvas.height = Math.ceil(h * 2);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(2, 2);
  ctx.drawImage(img, 0, 0, w, h);
  URL.revokeObjectURL(url);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the chart could not be saved as PNG');
  const purl = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = purl;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(purl), 1000);
}
