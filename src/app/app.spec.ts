import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { App } from './app';
import { routes } from './app.routes';

describe('App', () => {
  it('renders the router outlet and nothing else', () => {
    TestBed.configureTestingModule({ imports: [App], providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(App);
    expect(fixture.nativeElement.querySelector('router-outlet')).not.toBeNull();
  });

  it('loads every screen lazily and guards the signed-in part', () => {
    const shell = routes.find((route) => route.path === '');
    expect(routes.find((route) => route.path === 'login')?.loadComponent).toBeDefined();
    expect(routes.find((route) => route.path === 'callback')?.loadComponent).toBeDefined();
    expect(shell?.loadComponent).toBeDefined();
    expect(shell?.canActivate?.length).toBe(1);
    expect(shell?.children?.find((route) => route.path === 'albums')?.loadChildren).toBeDefined();
  });
});
