import { parseHash, hrefFor, type Route } from './routes.ts';

class Router {
  route = $state<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.route = parseHash(location.hash);
      });
    }
  }

  go(route: Route): void {
    location.hash = hrefFor(route);
  }
}

export const router = new Router();
