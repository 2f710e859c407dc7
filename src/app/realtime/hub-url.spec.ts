import { toNegotiableHubUrl } from './hub-url';

describe('toNegotiableHubUrl', () => {
  it('maps the documented wss:// address to https:// so negotiation and fallbacks work', () => {
    expect(toNegotiableHubUrl('wss://api.photoflow.vn/hubs/notification')).toBe(
      'https://api.photoflow.vn/hubs/notification',
    );
  });

  it('maps ws:// to http://, whatever the case', () => {
    expect(toNegotiableHubUrl('WS://localhost:5080/hubs/notification')).toBe(
      'http://localhost:5080/hubs/notification',
    );
  });

  it('keeps http(s) and relative addresses as they are', () => {
    expect(toNegotiableHubUrl('https://uat.api.photoflow.vn/hubs/notification')).toBe(
      'https://uat.api.photoflow.vn/hubs/notification',
    );
    expect(toNegotiableHubUrl('/hubs/notification')).toBe('/hubs/notification');
  });

  it('does not touch a host that merely contains "ws"', () => {
    expect(toNegotiableHubUrl('https://news.example/wss')).toBe('https://news.example/wss');
  });
});
