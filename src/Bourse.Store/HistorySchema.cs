namespace Bourse.Store;

/// <summary>
/// The tables, in the SQL both SQLite and PostgreSQL accept. Amounts are integers in each asset's smallest unit, enums
/// their frozen byte values, times Unix milliseconds. Only ever add columns and tables.
/// </summary>
internal static class HistorySchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS projection_checkpoint (
            name TEXT PRIMARY KEY,
            sequence BIGINT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS orders (
            order_id BIGINT PRIMARY KEY,
            user_id BIGINT NOT NULL,
            market_id INTEGER NOT NULL,
            client_order_id TEXT NULL,
            side INTEGER NOT NULL,
            order_type INTEGER NOT NULL,
            time_in_force INTEGER NOT NULL,
            self_trade_prevention INTEGER NOT NULL,
            status INTEGER NOT NULL,
            price BIGINT NOT NULL,
            quantity BIGINT NOT NULL,
            quote_quantity BIGINT NOT NULL,
            stop_price BIGINT NOT NULL,
            iceberg_quantity BIGINT NOT NULL,
            executed_quantity BIGINT NOT NULL,
            cumulative_quote BIGINT NOT NULL,
            prevented_quantity BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            working_time BIGINT NOT NULL,
            update_time BIGINT NOT NULL,
            last_sequence BIGINT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS orders_by_user_market ON orders (user_id, market_id, order_id);
        CREATE INDEX IF NOT EXISTS orders_by_user_market_time ON orders (user_id, market_id, created_at);
        CREATE INDEX IF NOT EXISTS orders_by_user_market_client_id ON orders (user_id, market_id, client_order_id);
        CREATE TABLE IF NOT EXISTS trades (
            market_id INTEGER NOT NULL,
            trade_id BIGINT NOT NULL,
            order_id BIGINT NOT NULL,
            user_id BIGINT NOT NULL,
            side INTEGER NOT NULL,
            price BIGINT NOT NULL,
            quantity BIGINT NOT NULL,
            quote_quantity BIGINT NOT NULL,
            commission BIGINT NOT NULL,
            commission_asset_id INTEGER NOT NULL,
            is_maker BOOLEAN NOT NULL,
            time BIGINT NOT NULL,
            sequence BIGINT NOT NULL,
            PRIMARY KEY (market_id, trade_id, order_id)
        );
        CREATE INDEX IF NOT EXISTS trades_by_user_market ON trades (user_id, market_id, trade_id);
        CREATE INDEX IF NOT EXISTS trades_by_user_market_time ON trades (user_id, market_id, time);
        CREATE INDEX IF NOT EXISTS trades_by_market_sequence ON trades (market_id, sequence, trade_id);
        CREATE TABLE IF NOT EXISTS ledger_entries (
            sequence BIGINT NOT NULL,
            event_index INTEGER NOT NULL,
            user_id BIGINT NOT NULL,
            asset_id INTEGER NOT NULL,
            reason INTEGER NOT NULL,
            available_delta BIGINT NOT NULL,
            locked_delta BIGINT NOT NULL,
            available BIGINT NOT NULL,
            locked BIGINT NOT NULL,
            reference_id BIGINT NOT NULL,
            time BIGINT NOT NULL,
            PRIMARY KEY (sequence, event_index)
        );
        CREATE INDEX IF NOT EXISTS ledger_by_user_asset ON ledger_entries (user_id, asset_id, sequence);
        CREATE TABLE IF NOT EXISTS klines_1m (
            market_id INTEGER NOT NULL,
            open_time BIGINT NOT NULL,
            open BIGINT NOT NULL,
            high BIGINT NOT NULL,
            low BIGINT NOT NULL,
            close BIGINT NOT NULL,
            volume BIGINT NOT NULL,
            quote_volume BIGINT NOT NULL,
            trade_count BIGINT NOT NULL,
            taker_buy_volume BIGINT NOT NULL,
            taker_buy_quote_volume BIGINT NOT NULL,
            first_trade_id BIGINT NOT NULL,
            last_trade_id BIGINT NOT NULL,
            PRIMARY KEY (market_id, open_time)
        );
        CREATE TABLE IF NOT EXISTS activities (
            sequence BIGINT NOT NULL,
            event_index INTEGER NOT NULL,
            user_id BIGINT NOT NULL,
            kind INTEGER NOT NULL,
            asset_id INTEGER NOT NULL,
            amount BIGINT NOT NULL,
            to_asset_id INTEGER NOT NULL,
            to_amount BIGINT NOT NULL,
            fee BIGINT NOT NULL,
            counterparty_id BIGINT NOT NULL,
            reference TEXT NULL,
            reference_id BIGINT NOT NULL,
            period BIGINT NOT NULL,
            release_at BIGINT NOT NULL,
            time BIGINT NOT NULL,
            PRIMARY KEY (sequence, event_index, user_id)
        );
        CREATE INDEX IF NOT EXISTS activities_by_user ON activities (user_id, sequence);
        CREATE INDEX IF NOT EXISTS activities_by_user_kind ON activities (user_id, kind, sequence);
        CREATE INDEX IF NOT EXISTS activities_by_user_reference ON activities (user_id, reference);
        """;
}
