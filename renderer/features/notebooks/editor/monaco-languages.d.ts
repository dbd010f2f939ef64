// SPDX-License-Identifier: Apache-2.0
declare module 'monaco-editor/languages/definitions/python/register';
declare module 'monaco-editor/languages/definitions/markdown/register';
