// Routes and view state in the URL's fragment (never its query string, so model names never reach a
// server): `#/ranks?data=demo&sort=latent%20rank&desc=1&sel=model_0042&q=llama`. A shared link reopens the
// same view, sort and selection once the same files are loaded again.
export const VIEWS = ['overview', 'benchmarks', 'structure', 'variance', 'scaling', 'ranks', 'compare'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<ViewId, string> = {
  overview: 'Overview',
  benchmarks: 'Benchmarks',
  structure: 'Structure',
  variance: 'Variance',
  scaling: 'Scaling',
  ranks: 'Ranks',
  compare: 'Compare',
};

export interface Route {
  view: ViewId;
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = h.split('?', 2) as [string, string?];
  // no fragment: the Benchmarks view (ready as soon as the files are read; the audit follows)
  const view = (VIEWS as readonly string[]).includes(path) ? (path as ViewId) : 'benchmarks';
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  return { view, params };
}

export function formatHash(r: Route): string {
  const q = new URLSearchParams(Object.entries(r.params).filter(([, v]) => v !== '' && v !== undefined)).toString();
  return `#/${r.view}${q ? `?${q}` : ''}`;
}
