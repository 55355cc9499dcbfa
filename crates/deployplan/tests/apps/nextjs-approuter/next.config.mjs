/** @type {import('next').NextConfig} */
const nextConfig = {
  // The shop is served under /shop behind the company's main site.
  basePath: '/shop',
  output: 'standalone',
};

export default nextConfig;
