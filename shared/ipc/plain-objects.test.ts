import { describe, expect, it } from 'vitest';
import { parseRequest, RequestValidationError } from './schemas';

describe('an array where the schema wants an object is refused with its path', () => {
  it('at the top of a request whose fields are all optional', () => {
    expect(() => parseRequest('run:list', [])).toThrow(RequestValidationError);
    expect(() => parseRequest('run:list', [])).toThrow(/must be an object, not an array/);
  });
  it('for a record field', () => {
    try {
      parseRequest('portfolio:import', { text: 'x', format: 'deribit', contractValues: [] });
      expect.unreachable();
    } catch (e) {
      expect((e as RequestValidationError).issues).toEqual([{ path: 'contractValues', message: 'must be an object, not an array' }]);
    }
  });
  it('still accepts the object forms', () => {
    expect(parseRequest('run:list', {})).toEqual({});
    expect(parseRequest('portfolio:import', { text: 'x', format: 'deribit', contractValues: {} })).toMatchObject({ contractValues: {} });
  });
});
