import { useEffect, useState, type MouseEvent, type ReactNode } from 'react'

const BASE = '/console'

/** The page's path below /console, e.g. `/network-interfaces/eni-123`. */
export function useRoute(): string {
  const [path, setPath] = useState(currentPath)
  useEffect(() => {
    const update = () => setPath(currentPath())
    window.addEventListener('popstate', update)
    return () => window.removeEventListener('popstate', update)
  }, [])
  return path
}

export function navigate(to: string): void {
  window.history.pushState(null, '', `${BASE}${to}`)
  window.dispatchEvent(new PopStateEvent('popstate'))
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const onClick = (event: MouseEvent) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return
    event.preventDefault()
    navigate(to)
  }
  return (
    <a href={`${BASE}${to}`} onClick={onClick} className={className}>
      {children}
    </a>
  )
}

function currentPath(): string {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '/'
  return path === '' ? '/' : path
}
