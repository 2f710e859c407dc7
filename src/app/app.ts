import { Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

/** The root: every screen is a lazy route (see app.routes.ts). */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet],
  template: '<router-outlet />',
  styleUrl: './app.scss',
})
export class App {}
