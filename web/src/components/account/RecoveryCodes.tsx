import './AuthCard.css';
import { CopyButton } from './CopyButton';

/**
 * Freshly issued recovery codes, shown once: the server keeps only their hashes, so this is the only time the user
 * can save them.
 */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="recovery-codes stack">
      <p className="notice">
        Save these recovery codes somewhere safe. Each one signs you in once if you lose your authenticator app. They are
        shown only now.
      </p>
      <ol data-testid="recovery-codes" className="recovery-code-list num">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="row">
        <CopyButton text={codes.join('\n')} label="Copy codes" />
        <button type="button" onClick={onDone}>
          I saved my recovery codes
        </button>
      </div>
    </div>
  );
}
