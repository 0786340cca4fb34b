import type { List } from '@/lib/domain/verdict';

/** The list's icon: a shape as well as a colour (✓ white, ! grey, ✕ black), hidden from screen
 *  readers because the words beside it say the same. */
export function ListIcon({ list, size = 28 }: { list: List; size?: number }) {
  const common = {
    width: size,
    height: size,
    viewBox: '0 0 24 24',
    'aria-hidden': true,
    focusable: false,
  } as const;
  if (list === 'WHITE') {
    return (
      <svg {...common} className="icon icon-white">
        <circle cx="12" cy="12" r="11" />
        <path
          d="M6.5 12.5l3.5 3.5 7.5-8"
          fill="none"
          strokeWidth="2.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    );
  }
  if (list === 'GREY') {
    return (
      <svg {...common} className="icon icon-grey">
        <path d="M12 1.5L23 21.5H1z" />
        <path d="M12 8.5v6" fill="none" strokeWidth="2.5" strokeLinecap="round" />
        <circle cx="12" cy="18" r="1.4" />
      </svg>
    );
  }
  return (
    <svg {...common} className="icon icon-black">
      <rect x="1" y="1" width="22" height="22" rx="4" />
      <path d="M7.5 7.5l9 9M16.5 7.5l-9 9" fill="none" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

export function OutcomeIcon({ outcome }: { outcome: 'PASS' | 'FAIL' | 'PENDING' }) {
  return (
    <ListIcon
      list={outcome === 'PASS' ? 'WHITE' : outcome === 'FAIL' ? 'BLACK' : 'GREY'}
      size={20}
    />
  );
}
