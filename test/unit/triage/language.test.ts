import { detectLanguage } from '../../../shared/domain/triage/language';

describe('detectLanguage', () => {
  it.each([
    ['en', 'My order still has not arrived and nobody answers'],
    ['es', 'Mi pedido todavía no ha llegado y nadie contesta'],
    ['fr', "Ma commande n'est toujours pas arrivée depuis une semaine"],
    ['de', 'Meine Bestellung ist immer noch nicht angekommen'],
    ['pt', 'Meu pedido ainda não chegou e ninguém responde'],
    ['it', 'Il mio ordine non è ancora arrivato e nessuno risponde'],
    ['nl', 'Mijn bestelling is nog steeds niet aangekomen'],
  ])('recognises %s from its words', (code, text) => {
    expect(detectLanguage(text)).toEqual({ code, evidence: 'words' });
  });

  it.each([
    ['ja', '注文した商品がまだ届きません'],
    ['ko', '주문한 상품이 아직 도착하지 않았습니다'],
    ['zh', '我的订单还没有到'],
    ['ar', 'طلبي لم يصل بعد'],
    ['ru', 'Мой заказ до сих пор не пришёл'],
    ['uk', 'Моє замовлення досі не прийшло, і ніхто не відповідає'],
    ['el', 'Η παραγγελία μου δεν έφτασε ακόμα'],
  ])('recognises %s from its writing system', (code, text) => {
    expect(detectLanguage(`@brand ${text}`)).toEqual({ code, evidence: 'script' });
  });

  it('prefers the tag the platform sent, reduced to its primary subtag', () => {
    expect(detectLanguage('hola', 'pt_BR')).toEqual({ code: 'pt', evidence: 'platform' });
  });

  it('ignores platform tags that mean "undetermined" and says when it defaulted to English', () => {
    expect(detectLanguage('👍👍', 'und')).toEqual({ code: 'en', evidence: 'default' });
  });
});
