import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './api/AuthContext';
import { Layout } from './components/Layout';
import { RequireSignIn } from './components/RequireSignIn';
import { ConvertPage } from './pages/ConvertPage';
import { EarnPage } from './pages/EarnPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { LoginPage } from './pages/LoginPage';
import { MarketsPage } from './pages/MarketsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PortfolioPage } from './pages/PortfolioPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SecurityPage } from './pages/SecurityPage';
import { SignupPage } from './pages/SignupPage';
import { TradePage } from './pages/TradePage';
import { VerifyEmailPage } from './pages/VerifyEmailPage';
import { WalletPage } from './pages/WalletPage';

/** The routes; /login, /verify-email, /reset-password and /forgot-password are also the links the server emails. */
export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<MarketsPage />} />
            <Route path="trade/:symbol" element={<TradePage />} />
            <Route path="wallet" element={<RequireSignIn><WalletPage /></RequireSignIn>} />
            <Route path="convert" element={<RequireSignIn><ConvertPage /></RequireSignIn>} />
            <Route path="earn" element={<RequireSignIn><EarnPage /></RequireSignIn>} />
            <Route path="portfolio" element={<RequireSignIn><PortfolioPage /></RequireSignIn>} />
            <Route path="security" element={<RequireSignIn><SecurityPage /></RequireSignIn>} />
            <Route path="login" element={<LoginPage />} />
            <Route path="signup" element={<SignupPage />} />
            <Route path="forgot-password" element={<ForgotPasswordPage />} />
            <Route path="reset-password" element={<ResetPasswordPage />} />
            <Route path="verify-email" element={<VerifyEmailPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
