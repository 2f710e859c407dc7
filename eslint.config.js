// @ts-check
const eslint = require('@eslint/js');
const { defineConfig } = require('eslint/config');
const tseslint = require('typescript-eslint');
const angular = require('angular-eslint');
const ngrx = require('@ngrx/eslint-plugin');

module.exports = defineConfig([
  {
    files: ['**/*.ts'],
    extends: [
      eslint.configs.recommended,
      tseslint.configs.recommended,
      tseslint.configs.stylistic,
      angular.configs.tsRecommended,
    ],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'app', style: 'camelCase' },
      ],
      '@angular-eslint/component-selector': [
        'error',
        { type: 'element', prefix: 'app', style: 'kebab-case' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    extends: [ngrx.configs.store, ngrx.configs.effects, ngrx.configs.operators],
    rules: {
      // Functional effects return their stream directly, as the NgRx docs write them.
      '@ngrx/prefer-effect-callback-in-block-statement': 'off',
    },
  },
  // Layers, as angular-spotify's depConstraints: data-access knows neither UI nor shell.
  {
    files: ['src/app/**/data-access/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/shell/**'], message: 'data-access must not import the shell.' },
            {
              group: ['**/album-list/**', '**/album-detail/**'],
              message: 'data-access must not import UI.',
            },
          ],
        },
      ],
    },
  },
  // The root never imports a lazy feature (the albums load with their route).
  {
    files: [
      'src/app/*.ts',
      'src/app/shell/**/*.ts',
      'src/app/realtime/**/*.ts',
      'src/app/auth/**/*.ts',
      'src/app/api/**/*.ts',
    ],
    ignores: ['src/app/**/*.spec.ts', 'src/app/app.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/albums/**'],
              message: 'The root must not import the lazy albums feature.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.html'],
    extends: [angular.configs.templateRecommended, angular.configs.templateAccessibility],
    rules: {
      // Every visible text and label is marked for translation (src/locale, README "Languages").
      '@angular-eslint/template/i18n': [
        'error',
        {
          checkId: false,
          checkText: true,
          checkAttributes: true,
          // Attributes that never hold words; any other (aria-label, title, placeholder, alt…)
          // must be marked with i18n-<name>. A new non-text attribute is added here.
          ignoreAttributes: [
            'align',
            'appearance',
            'aria-current',
            'aria-describedby',
            'aria-labelledby',
            'd',
            'data-testid',
            'decoding',
            'fetchpriority',
            'loading',
            'mode',
            'rel',
            'subscriptSizing',
            'xPosition',
          ],
          allowMarkupInContent: true,
          boundTextAllowedPattern: '^[\\s·,()]*$',
        },
      ],
    },
  },
  {
    // index.html is not compiled by Angular (its title is replaced by each route's); specs'
    // host templates are test scaffolding; the benchmark's baseline page is not shipped.
    files: ['src/index.html', '**/*.spec.ts/**', 'bench/**'],
    rules: { '@angular-eslint/template/i18n': 'off' },
  },
]);
