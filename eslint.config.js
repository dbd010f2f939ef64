// SPDX-License-Identifier: Apache-2.0
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import mldeck from './scripts/eslint/feature-boundaries.js';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.lab/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/electron/**, main/electron-main.ts and preload/** may import electron.' }] },
      ],
    },
  },
  {
    files: ['main/features/**/*.ts', 'renderer/features/**/*.{ts,tsx}'],
    plugins: { mldeck },
    rules: { 'mldeck/feature-boundaries': 'error' },
  },
  {
    files: ['main/electron/**', 'main/electron-main.ts', 'preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'electron', 'react', 'react-dom'], message: 'shared/ runs in main and the renderer: no Node, DOM or Electron imports.' },
          ],
        },
      ],
    },
  },
);
