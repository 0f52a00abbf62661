import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { solUsdtRules } from '../../test-fixtures';
import { MarketHeader, marketStatusLabel } from './MarketHeader';
import { OrderForm } from './OrderForm';

describe('a market that is not trading', () => {
  it('names exchangeInfo’s statuses as traders read them', () => {
    expect(marketStatusLabel('TRADING')).toBeNull();
    expect(marketStatusLabel('HALT')).toBe('Halted');
    expect(marketStatusLabel('BREAK')).toBe('Cancel only');
    expect(marketStatusLabel('END_OF_DAY')).toBe('End of day');
  });

  it('shows as halted in the header, and the order form takes no order', () => {
    const halted = { ...solUsdtRules, status: 'HALT' };
    render(
      <MemoryRouter>
        <MarketHeader rules={halted} markets={[halted]} ticker={null} />
        <OrderForm rules={halted} signedIn available={{ base: '1', quote: '100' }} lastPrice="180" />
      </MemoryRouter>,
    );
    expect(screen.getByTestId('market-status').textContent).toBe('Halted');
    expect(screen.getByTestId('market-closed').textContent).toBe('Halted: this market takes no new orders now.');
    expect((screen.getByRole('button', { name: 'Buy SOL' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows nothing extra while trading', () => {
    render(
      <MemoryRouter>
        <MarketHeader rules={solUsdtRules} markets={[solUsdtRules]} ticker={null} />
      </MemoryRouter>,
    );
    expect(screen.queryByTestId('market-status')).toBeNull();
  });
});
