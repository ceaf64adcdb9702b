import { parseReply } from '../../../lambdas/shared/resp';

describe('RESP2 parsing', () => {
  it('waits for a whole reply and parses nested arrays, nulls and errors', () => {
    expect(parseReply(Buffer.from('$5\r\nhel'), 0)).toBeUndefined();
    expect(parseReply(Buffer.from('*3\r\n:1\r\n$-1\r\n+OK\r\n'), 0)).toEqual({ value: [1, null, 'OK'], end: 18 });
    const error = parseReply(Buffer.from('-WRONGPASS invalid\r\n'), 0)?.value;
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ message: 'WRONGPASS invalid' });
  });
});
