// Lint rules: typescript-eslint's recommended set, plus the determinism law of src/:
// no ambient randomness or wall-clock time in the model, the system or the properties.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const determinism = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Randomness comes from fast-check or a seeded stream.' },
    { object: 'Date', property: 'now', message: 'Time is the virtual clock.' },
    { object: 'performance', property: 'now', message: 'Time is the virtual clock.' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Timers are virtual.' },
    { name: 'setInterval', message: 'Timers are virtual.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', 'dist/**', 'test/fixtures/brokers/syntax-error.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/model/**', 'src/system/**', 'src/properties/**'], rules: determinism },
  { files: ['bin/**'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
