import { Injectable } from '@angular/core';
import { BaseRouteReuseStrategy, type ActivatedRouteSnapshot } from '@angular/router';

/**
 * Reuses routes as Angular does, except for one navigation after another person's session
 * arrived: then every view under the root is built afresh, as if opened for the first time.
 * (Reusing the album list would keep it on its cleared state, never loading the new
 * studio's albums; views open and close their hub groups and loads themselves.)
 */
@Injectable({ providedIn: 'root' })
export class SessionRouteReuseStrategy extends BaseRouteReuseStrategy {
  private renewing = false;

  /** Runs `navigate` with every view rebuilt; the next navigations reuse views again. */
  async renewViews<T>(navigate: () => Promise<T>): Promise<T> {
    this.renewing = true;
    try {
      return await navigate();
    } finally {
      this.renewing = false;
    }
  }

  override shouldReuseRoute(future: ActivatedRouteSnapshot, current: ActivatedRouteSnapshot) {
    // The root itself has no config and stays; everything under it is rebuilt.
    if (this.renewing && future.routeConfig !== null) return false;
    return super.shouldReuseRoute(future, current);
  }
}
