import { Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { AuthService, SignInError } from '../auth.service';

/** The OAuth return (`/callback?code=…&state=…`): finishes sign-in, then goes back where the user was. */
@Component({
  selector: 'app-callback-page',
  imports: [MatButtonModule, MatProgressBarModule, RouterLink],
  templateUrl: './callback-page.html',
  styleUrl: '../login-page/login-page.scss',
})
export class CallbackPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly error = signal<string | null>(null);

  constructor() {
    const params = inject(ActivatedRoute).snapshot.queryParamMap;
    const providerError = params.get('error');
    if (providerError) {
      this.error.set(
        providerError === 'access_denied'
          ? $localize`Sign-in was cancelled or refused. Please try again.`
          : $localize`Google could not sign you in. Please try again.`,
      );
      return;
    }
    this.auth
      .completeSignIn(params.get('code'), params.get('state'))
      .then((returnUrl) => this.router.navigateByUrl(returnUrl, { replaceUrl: true }))
      .catch((error: unknown) =>
        this.error.set(
          error instanceof SignInError
            ? error.message
            : $localize`Sign-in could not be completed. Please try again.`,
        ),
      );
  }
}
