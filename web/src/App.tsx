import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './api/AuthContext';
import { Layout } from './components/Layout';
import { RequireSignIn } from './components/RequireSignIn';
import { Loading } from './components/ui';
import { ConvertPage } from './pages/ConvertPage';
import { EarnPage } from './pages/EarnPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { LoginPage } from './pages/LoginPage';
import { MarketsPage } from './pages/MarketsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SecurityPage } from './pages/SecurityPage';
import { SignupPage } from './pages/SignupPage';
import { VerifyEmailPage } from './pages/VerifyEmailPage';
import { WalletPage } from './pages/WalletPage';

// The two pages with charts load lightweight-charts: fetched when first opened, so the markets page and the account
// pages start without it.
const TradePage = lazy(() => import('./pages/TradePage').then((m) => ({ default: m.TradePage })));
const PortfolioPage = lazy(() => import('./pages/PortfolioPage').then((m) => ({ default: m.PortfolioPage })));
// The back office (/admin) is a route tree and layout of its own, fetched only when an /admin address is opened.
const AdminArea = lazy(() => import('./admin/AdminArea').then((m) => ({ default: m.AdminArea })));

/** The routes (the back office's under /admin); /login, /verify-email, /reset-password and /forgot-password are also the links the server emails. */
export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route
            path="admin/*"
            element={
              <Suspense fallback={<Loading />}>
                <AdminArea />
              </Suspense>
            }
          />
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
