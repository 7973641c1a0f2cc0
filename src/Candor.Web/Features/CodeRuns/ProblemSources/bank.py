"""Authoring source of the problem bank: writes ../Problems/<id>.json.

Each problem has hand-written examples (checked against the Python reference here) and hidden-test
inputs whose expected outputs come from the Python reference. The C# test ProblemBankTests then runs
reference solutions through the real sandbox. Run: python3 bank.py
"""
import json, os, copy

P = []

def problem(id, title, difficulty, topics, statement, function, params, returns, examples, tests, hints, complexity, python, javascript=None, csharp=None):
    P.append(dict(id=id, title=title, difficulty=difficulty, topics=topics, statement=statement, function=function,
                  params=params, returns=returns, examples=examples, tests=tests, hints=hints, complexity=complexity,
                  solutions={k: v for k, v in (("python", python), ("javascript", javascript), ("csharp", csharp)) if v}))

def ex(args, out, explanation=None, name=None):
    d = {"input": args, "output": out}
    if explanation: d["explanation"] = explanation
    if name: d["name"] = name
    return d

# ---------------------------------------------------------------- easy
problem("two-sum", "Two Sum", "easy", ["arrays", "hash map"],
    "Given an array of integers `nums` and an integer `target`, return the indices of the two numbers that add up to `target`, smaller index first. Exactly one answer exists; the same element may not be used twice.",
    "two_sum", [["nums", "int[]"], ["target", "int"]], "int[]",
    [ex([[2, 7, 11, 15], 9], [0, 1], "nums[0] + nums[1] = 9"), ex([[3, 2, 4], 6], [1, 2])],
    [[[3, 3], 6], [[-1, -2, -3, -4, -5], -8], [[0, 4, 3, 0], 0], [list(range(1, 2001)), 3999], [[5, 75, 25], 100]],
    ["What do you need to know about the numbers you've already seen?", "For each number, the partner you need is target - number; a hash map from value to index finds it in O(1).", "Walk the array once: if target - nums[i] is in the map, return [map[target - nums[i]], i]; otherwise store nums[i] -> i."],
    "O(n) time, O(n) space",
    "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n    return []\n",
    "function twoSum(nums, target) {\n  const seen = new Map();\n  for (let i = 0; i < nums.length; i++) {\n    if (seen.has(target - nums[i])) return [seen.get(target - nums[i]), i];\n    seen.set(nums[i], i);\n  }\n  return [];\n}\n",
    "    public static int[] TwoSum(int[] nums, int target)\n    {\n        var seen = new Dictionary<int, int>();\n        for (var i = 0; i < nums.Length; i++)\n        {\n            if (seen.TryGetValue(target - nums[i], out var j)) return new[] { j, i };\n            seen[nums[i]] = i;\n        }\n        return Array.Empty<int>();\n    }\n")

problem("valid-parentheses", "Valid Parentheses", "easy", ["stack", "strings"],
    "Given a string `s` of the characters `()[]{}`, return true if every bracket is closed by the same type of bracket in the right order.",
    "is_valid", [["s", "string"]], "bool",
    [ex(["()[]{}"], True), ex(["(]"], False), ex(["([])"], True)],
    [[""], ["("], ["]"], ["{[()()]}"], ["([)]"], ["((((((((((" + "))))))))))"], ["}{"]],
    ["What must be true of the most recently opened bracket when you meet a closing one?", "Keep the open brackets on a stack; a closing bracket must match the top.", "Push openers; on a closer, fail if the stack is empty or the top is not its partner, else pop. At the end the stack must be empty."],
    "O(n) time, O(n) space",
    "def is_valid(s):\n    pairs = {')': '(', ']': '[', '}': '{'}\n    stack = []\n    for c in s:\n        if c in pairs:\n            if not stack or stack.pop() != pairs[c]:\n                return False\n        else:\n            stack.append(c)\n    return not stack\n",
    "function isValid(s) {\n  const pairs = { ')': '(', ']': '[', '}': '{' };\n  const stack = [];\n  for (const c of s) {\n    if (c in pairs) {\n      if (stack.pop() !== pairs[c]) return false;\n    } else stack.push(c);\n  }\n  return stack.length === 0;\n}\n")

problem("reverse-string", "Reverse Words", "easy", ["strings"],
    "Given a sentence `s`, return the words in reverse order separated by single spaces. Words are separated by one or more spaces; leading and trailing spaces are dropped.",
    "reverse_words", [["s", "string"]], "string",
    [ex(["the sky is blue"], "blue is sky the"), ex(["  hello world  "], "world hello")],
    [["a"], ["a good   example"], ["   "], ["one two three four five"]],
    ["Split the problem: find the words first.", "Split on whitespace, dropping empty pieces, then reverse the list.", "Return ' '.join(reversed(s.split())) or the equivalent in your language."],
    "O(n) time, O(n) space",
    "def reverse_words(s):\n    return ' '.join(reversed(s.split()))\n",
    "function reverseWords(s) {\n  return s.trim().split(/\\s+/).filter(Boolean).reverse().join(' ');\n}\n",
    "    public static string ReverseWords(string s) => string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Reverse());\n")

problem("palindrome-check", "Valid Palindrome", "easy", ["strings", "two pointers"],
    "Return true if `s` reads the same forwards and backwards after keeping only letters and digits and ignoring case.",
    "is_palindrome", [["s", "string"]], "bool",
    [ex(["A man, a plan, a canal: Panama"], True), ex(["race a car"], False)],
    [[""], [" "], ["0P"], ["ab_a"], ["No 'x' in Nixon"], ["Was it a car or a cat I saw?"]],
    ["Which characters matter, and does case matter?", "Filter to alphanumerics and lower-case them, or use two pointers that skip the rest.", "Two pointers from both ends: skip non-alphanumerics, compare lower-cased characters, move inwards."],
    "O(n) time, O(1) space with two pointers",
    "def is_palindrome(s):\n    t = [c.lower() for c in s if c.isalnum()]\n    return t == t[::-1]\n",
    "function isPalindrome(s) {\n  const t = s.toLowerCase().replace(/[^a-z0-9]/g, '');\n  return t === [...t].reverse().join('');\n}\n")

problem("fizzbuzz", "FizzBuzz", "easy", ["loops"],
    "Return a list of strings for 1..n: \"Fizz\" for multiples of 3, \"Buzz\" for multiples of 5, \"FizzBuzz\" for both, else the number.",
    "fizz_buzz", [["n", "int"]], "string[]",
    [ex([5], ["1", "2", "Fizz", "4", "Buzz"]), ex([1], ["1"])],
    [[15], [0], [30]],
    ["Check the combined case first.", "A number divisible by both 3 and 5 is divisible by 15.", "For i in 1..n: 15 -> FizzBuzz, 3 -> Fizz, 5 -> Buzz, else str(i)."],
    "O(n) time",
    "def fizz_buzz(n):\n    out = []\n    for i in range(1, n + 1):\n        out.append('FizzBuzz' if i % 15 == 0 else 'Fizz' if i % 3 == 0 else 'Buzz' if i % 5 == 0 else str(i))\n    return out\n",
    "function fizzBuzz(n) {\n  const out = [];\n  for (let i = 1; i <= n; i++) out.push(i % 15 === 0 ? 'FizzBuzz' : i % 3 === 0 ? 'Fizz' : i % 5 === 0 ? 'Buzz' : String(i));\n  return out;\n}\n",
    "    public static string[] FizzBuzz(int n) => Enumerable.Range(1, Math.Max(0, n)).Select(i => i % 15 == 0 ? \"FizzBuzz\" : i % 3 == 0 ? \"Fizz\" : i % 5 == 0 ? \"Buzz\" : i.ToString()).ToArray();\n")

problem("max-subarray", "Maximum Subarray", "easy", ["arrays", "dynamic programming"],
    "Return the largest sum of a non-empty contiguous subarray of `nums`.",
    "max_sub_array", [["nums", "int[]"]], "int",
    [ex([[-2, 1, -3, 4, -1, 2, 1, -5, 4]], 6, "[4, -1, 2, 1] sums to 6"), ex([[1]], 1)],
    [[[5, 4, -1, 7, 8]], [[-3, -1, -2]], [[0]], [[-1, 2, -1, 2, -1]], [[3, -10, 3, 3]]],
    ["When is it worth extending the current subarray rather than starting over?", "Kadane: the best sum ending here is max(x, best ending before + x).", "Track current = max(x, current + x) and best = max(best, current) in one pass."],
    "O(n) time, O(1) space",
    "def max_sub_array(nums):\n    best = cur = nums[0]\n    for x in nums[1:]:\n        cur = max(x, cur + x)\n        best = max(best, cur)\n    return best\n",
    "function maxSubArray(nums) {\n  let best = nums[0], cur = nums[0];\n  for (let i = 1; i < nums.length; i++) {\n    cur = Math.max(nums[i], cur + nums[i]);\n    best = Math.max(best, cur);\n  }\n  return best;\n}\n")

problem("contains-duplicate", "Contains Duplicate", "easy", ["arrays", "hash set"],
    "Return true if any value appears at least twice in `nums`.",
    "contains_duplicate", [["nums", "int[]"]], "bool",
    [ex([[1, 2, 3, 1]], True), ex([[1, 2, 3, 4]], False)],
    [[[]], [[7]], [[1, 1, 1, 3, 3, 4, 3, 2, 4, 2]], [list(range(5000))]],
    ["How would you remember what you've seen?", "A set answers 'seen before?' in O(1).", "Add each number to a set; if it is already there return true. Or compare len(set(nums)) with len(nums)."],
    "O(n) time, O(n) space",
    "def contains_duplicate(nums):\n    return len(set(nums)) != len(nums)\n",
    "function containsDuplicate(nums) {\n  return new Set(nums).size !== nums.length;\n}\n")

problem("best-time-stock", "Best Time to Buy and Sell Stock", "easy", ["arrays", "greedy"],
    "`prices[i]` is a stock's price on day i. Return the largest profit from buying on one day and selling on a later day, or 0 if no profit is possible.",
    "max_profit", [["prices", "int[]"]], "int",
    [ex([[7, 1, 5, 3, 6, 4]], 5, "buy at 1, sell at 6"), ex([[7, 6, 4, 3, 1]], 0)],
    [[[1]], [[2, 4, 1]], [[3, 3, 3]], [[1, 2, 3, 4, 5]], [[2, 1, 2, 1, 0, 1, 2]]],
    ["For a sell day, which buy day is best?", "The best buy day is the lowest price seen so far.", "Track the minimum price so far and the best price - minimum in one pass."],
    "O(n) time, O(1) space",
    "def max_profit(prices):\n    low, best = float('inf'), 0\n    for p in prices:\n        low = min(low, p)\n        best = max(best, p - low)\n    return best\n",
    "function maxProfit(prices) {\n  let low = Infinity, best = 0;\n  for (const p of prices) { low = Math.min(low, p); best = Math.max(best, p - low); }\n  return best;\n}\n")

problem("merge-sorted-arrays", "Merge Two Sorted Arrays", "easy", ["arrays", "two pointers"],
    "Given two arrays sorted in non-decreasing order, return one sorted array with all their elements.",
    "merge_sorted", [["a", "int[]"], ["b", "int[]"]], "int[]",
    [ex([[1, 2, 4], [1, 3, 4]], [1, 1, 2, 3, 4, 4]), ex([[], [0]], [0])],
    [[[], []], [[5], [1, 2, 3]], [[-3, 0, 9], [-5, 10]], [list(range(0, 100, 2)), list(range(1, 100, 2))]],
    ["Where must the smallest element of the result come from?", "Compare the heads of both arrays and take the smaller, with one pointer per array.", "While both pointers are in range take the smaller head; then append what remains of either array."],
    "O(n + m) time",
    "def merge_sorted(a, b):\n    i = j = 0\n    out = []\n    while i < len(a) and j < len(b):\n        if a[i] <= b[j]:\n            out.append(a[i]); i += 1\n        else:\n            out.append(b[j]); j += 1\n    return out + a[i:] + b[j:]\n")

problem("valid-anagram", "Valid Anagram", "easy", ["strings", "counting"],
    "Return true if `t` is an anagram of `s` (the same letters with the same counts).",
    "is_anagram", [["s", "string"], ["t", "string"]], "bool",
    [ex(["anagram", "nagaram"], True), ex(["rat", "car"], False)],
    [["", ""], ["a", "ab"], ["aacc", "ccac"], ["listen", "silent"]],
    ["What stays the same when you rearrange letters?", "Count each letter in both strings and compare the counts.", "Return Counter(s) == Counter(t), or sort both strings and compare."],
    "O(n) time, O(k) space for k distinct letters",
    "def is_anagram(s, t):\n    from collections import Counter\n    return Counter(s) == Counter(t)\n",
    "function isAnagram(s, t) {\n  return [...s].sort().join('') === [...t].sort().join('');\n}\n")

problem("climbing-stairs", "Climbing Stairs", "easy", ["dynamic programming"],
    "You climb a staircase of `n` steps taking 1 or 2 steps at a time. Return the number of distinct ways to reach the top.",
    "climb_stairs", [["n", "int"]], "int",
    [ex([2], 2), ex([3], 3, "1+1+1, 1+2, 2+1")],
    [[1], [5], [10], [30], [45]],
    ["How can you reach step n on your last move?", "ways(n) = ways(n-1) + ways(n-2): Fibonacci.", "Iterate with two variables a, b = 1, 1 and update a, b = b, a + b n times... careful with the start."],
    "O(n) time, O(1) space",
    "def climb_stairs(n):\n    a, b = 1, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n",
    "function climbStairs(n) {\n  let a = 1, b = 1;\n  for (let i = 0; i < n; i++) [a, b] = [b, a + b];\n  return a;\n}\n")

problem("missing-number", "Missing Number", "easy", ["arrays", "math"],
    "`nums` holds n distinct numbers from the range 0..n. Return the one number of the range that is missing.",
    "missing_number", [["nums", "int[]"]], "int",
    [ex([[3, 0, 1]], 2), ex([[0, 1]], 2)],
    [[[0]], [[1]], [[9, 6, 4, 2, 3, 5, 7, 0, 1]], [list(range(1000)) ]],
    ["What would the numbers add up to if none were missing?", "The sum of 0..n is n(n+1)/2.", "Return n*(n+1)//2 - sum(nums) (or XOR all indices and values)."],
    "O(n) time, O(1) space",
    "def missing_number(nums):\n    n = len(nums)\n    return n * (n + 1) // 2 - sum(nums)\n")

problem("single-number", "Single Number", "easy", ["bit manipulation"],
    "Every element of `nums` appears twice except one. Return that one, in linear time and constant extra space.",
    "single_number", [["nums", "int[]"]], "int",
    [ex([[2, 2, 1]], 1), ex([[4, 1, 2, 1, 2]], 4)],
    [[[1]], [[-1, -1, -2]], [[7, 3, 5, 3, 7]], [[0, 1, 0]]],
    ["Is there an operation under which a value cancels itself?", "x XOR x = 0 and x XOR 0 = x.", "XOR every number together; the pairs cancel and the single one remains."],
    "O(n) time, O(1) space",
    "def single_number(nums):\n    r = 0\n    for n in nums:\n        r ^= n\n    return r\n")

problem("roman-to-integer", "Roman to Integer", "easy", ["strings", "math"],
    "Convert a Roman numeral (I, V, X, L, C, D, M with the subtractive forms IV, IX, XL, XC, CD, CM) to an integer.",
    "roman_to_int", [["s", "string"]], "int",
    [ex(["III"], 3), ex(["LVIII"], 58), ex(["MCMXCIV"], 1994)],
    [["IV"], ["IX"], ["XL"], ["MMMCMXCIX"], ["CDXLIV"]],
    ["When does a symbol subtract instead of add?", "A symbol smaller than the one after it is subtracted.", "Sum the values, subtracting a value when the next symbol's value is larger."],
    "O(n) time",
    "def roman_to_int(s):\n    v = {'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}\n    total = 0\n    for i, c in enumerate(s):\n        if i + 1 < len(s) and v[c] < v[s[i + 1]]:\n            total -= v[c]\n        else:\n            total += v[c]\n    return total\n",
    "function romanToInt(s) {\n  const v = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };\n  let total = 0;\n  for (let i = 0; i < s.length; i++) total += i + 1 < s.length && v[s[i]] < v[s[i + 1]] ? -v[s[i]] : v[s[i]];\n  return total;\n}\n")

problem("binary-search", "Binary Search", "easy", ["binary search"],
    "Given a sorted array of distinct integers and a target, return the target's index, or -1 if it is absent. Aim for O(log n).",
    "search", [["nums", "int[]"], ["target", "int"]], "int",
    [ex([[-1, 0, 3, 5, 9, 12], 9], 4), ex([[-1, 0, 3, 5, 9, 12], 2], -1)],
    [[[5], 5], [[5], -5], [[], 1], [list(range(0, 10000, 3)), 2997], [list(range(0, 10000, 3)), 2998], [[1, 2], 2]],
    ["The array is sorted: what does comparing with the middle element tell you?", "Keep a range [lo, hi] that could hold the target and halve it each step.", "while lo <= hi: mid = (lo + hi) // 2; return mid on a match, else move lo = mid + 1 or hi = mid - 1."],
    "O(log n) time, O(1) space",
    "def search(nums, target):\n    lo, hi = 0, len(nums) - 1\n    while lo <= hi:\n        mid = (lo + hi) // 2\n        if nums[mid] == target:\n            return mid\n        if nums[mid] < target:\n            lo = mid + 1\n        else:\n            hi = mid - 1\n    return -1\n",
    "function search(nums, target) {\n  let lo = 0, hi = nums.length - 1;\n  while (lo <= hi) {\n    const mid = (lo + hi) >> 1;\n    if (nums[mid] === target) return mid;\n    if (nums[mid] < target) lo = mid + 1; else hi = mid - 1;\n  }\n  return -1;\n}\n",
    "    public static int Search(int[] nums, int target)\n    {\n        int lo = 0, hi = nums.Length - 1;\n        while (lo <= hi)\n        {\n            var mid = lo + (hi - lo) / 2;\n            if (nums[mid] == target) return mid;\n            if (nums[mid] < target) lo = mid + 1; else hi = mid - 1;\n        }\n        return -1;\n    }\n")

# ---------------------------------------------------------------- medium
problem("longest-substring", "Longest Substring Without Repeating Characters", "medium", ["strings", "sliding window"],
    "Return the length of the longest substring of `s` with no repeated characters.",
    "length_of_longest_substring", [["s", "string"]], "int",
    [ex(["abcabcbb"], 3, "\"abc\""), ex(["bbbbb"], 1), ex(["pwwkew"], 3)],
    [[""], [" "], ["dvdf"], ["abba"], ["abcdefghijklmnopqrstuvwxyz" * 3]],
    ["Can you grow and shrink a window instead of checking every substring?", "Sliding window: remember each character's last index; when a repeat falls inside the window, move the window's start past it.", "start = max(start, last[c] + 1) when c was seen; best = max(best, i - start + 1); last[c] = i."],
    "O(n) time, O(k) space",
    "def length_of_longest_substring(s):\n    last, start, best = {}, 0, 0\n    for i, c in enumerate(s):\n        if c in last and last[c] >= start:\n            start = last[c] + 1\n        last[c] = i\n        best = max(best, i - start + 1)\n    return best\n",
    "function lengthOfLongestSubstring(s) {\n  const last = new Map();\n  let start = 0, best = 0;\n  for (let i = 0; i < s.length; i++) {\n    if (last.has(s[i]) && last.get(s[i]) >= start) start = last.get(s[i]) + 1;\n    last.set(s[i], i);\n    best = Math.max(best, i - start + 1);\n  }\n  return best;\n}\n",
    "    public static int LengthOfLongestSubstring(string s)\n    {\n        var last = new Dictionary<char, int>();\n        int start = 0, best = 0;\n        for (var i = 0; i < s.Length; i++)\n        {\n            if (last.TryGetValue(s[i], out var j) && j >= start) start = j + 1;\n            last[s[i]] = i;\n            best = Math.Max(best, i - start + 1);\n        }\n        return best;\n    }\n")

problem("group-anagrams", "Group Anagrams", "medium", ["strings", "hash map"],
    "Group the words of `strs` that are anagrams of each other. Sort the words inside each group alphabetically, and the groups by their first word.",
    "group_anagrams", [["strs", "string[]"]], "string[][]",
    [ex([["eat", "tea", "tan", "ate", "nat", "bat"]], [["ate", "eat", "tea"], ["bat"], ["nat", "tan"]]), ex([[""]], [[""]])],
    [[["a"]], [["abc", "bca", "cab", "xyz", "zyx", "q"]], [[]], [["listen", "silent", "enlist", "google", "gogole"]]],
    ["What key would two anagrams share?", "The sorted letters of a word are the same for all its anagrams: group by that key in a hash map.", "Map sorted(word) -> list of words; sort each list, then sort the lists by their first word."],
    "O(n k log k) time for n words of length k",
    "def group_anagrams(strs):\n    groups = {}\n    for w in strs:\n        groups.setdefault(''.join(sorted(w)), []).append(w)\n    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])\n",
    "function groupAnagrams(strs) {\n  const groups = new Map();\n  for (const w of strs) {\n    const k = [...w].sort().join('');\n    if (!groups.has(k)) groups.set(k, []);\n    groups.get(k).push(w);\n  }\n  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);\n  return [...groups.values()].map((g) => g.sort(cmp)).sort((a, b) => cmp(a[0], b[0]));\n}\n")

problem("top-k-frequent", "Top K Frequent Elements", "medium", ["hash map", "heap", "bucket sort"],
    "Return the `k` most frequent numbers of `nums`, most frequent first; break ties by the smaller number first.",
    "top_k_frequent", [["nums", "int[]"], ["k", "int"]], "int[]",
    [ex([[1, 1, 1, 2, 2, 3], 2], [1, 2]), ex([[1], 1], [1])],
    [[[4, 4, 5, 5, 6], 2], [[3, 0, 1, 0], 1], [[-1, -1, 2, 2, 2, 7], 3], [[5, 3, 1, 1, 1, 3, 73, 1], 2]],
    ["First count, then choose.", "Count with a hash map; then a heap of size k, or buckets indexed by frequency, avoid a full sort.", "Sort the distinct numbers by (-count, number) and take the first k (a heap or buckets make it O(n log k) or O(n))."],
    "O(n log k) time with a heap, O(n) with buckets",
    "def top_k_frequent(nums, k):\n    from collections import Counter\n    c = Counter(nums)\n    return sorted(c, key=lambda x: (-c[x], x))[:k]\n")

problem("product-except-self", "Product of Array Except Self", "medium", ["arrays", "prefix sums"],
    "Return an array where element i is the product of all elements of `nums` except nums[i], without using division, in O(n).",
    "product_except_self", [["nums", "int[]"]], "int[]",
    [ex([[1, 2, 3, 4]], [24, 12, 8, 6]), ex([[-1, 1, 0, -3, 3]], [0, 0, 9, 0, 0])],
    [[[2, 3]], [[0, 0]], [[5, 1, 1, 1]], [[-2, -3, 4, 1]]],
    ["What is the product except self in terms of what's left and right of i?", "Prefix products from the left times suffix products from the right.", "First pass writes the product of everything left of i; a second pass from the right multiplies in a running product of everything right of i."],
    "O(n) time, O(1) extra space besides the output",
    "def product_except_self(nums):\n    n = len(nums)\n    out = [1] * n\n    for i in range(1, n):\n        out[i] = out[i - 1] * nums[i - 1]\n    right = 1\n    for i in range(n - 1, -1, -1):\n        out[i] *= right\n        right *= nums[i]\n    return out\n",
    "function productExceptSelf(nums) {\n  const n = nums.length, out = new Array(n).fill(1);\n  for (let i = 1; i < n; i++) out[i] = out[i - 1] * nums[i - 1];\n  let right = 1;\n  for (let i = n - 1; i >= 0; i--) { out[i] = out[i] * right + 0; right *= nums[i]; }\n  return out.map((x) => (x === 0 ? 0 : x));\n}\n")

problem("three-sum", "3Sum", "medium", ["arrays", "two pointers", "sorting"],
    "Return all unique triplets [a, b, c] from `nums` with a + b + c = 0. Each triplet sorted ascending, the list sorted ascending.",
    "three_sum", [["nums", "int[]"]], "int[][]",
    [ex([[-1, 0, 1, 2, -1, -4]], [[-1, -1, 2], [-1, 0, 1]]), ex([[0, 1, 1]], [])],
    [[[0, 0, 0]], [[0, 0, 0, 0]], [[-2, 0, 1, 1, 2]], [[3, -2, 1, 0, -1, 2, -3]], [[]]],
    ["Sorting first helps twice: with duplicates and with searching.", "Fix the first number, then find pairs summing to its negative with two pointers on the sorted rest.", "Sort; for each i (skipping equal neighbours) move lo/hi inwards by the sign of the sum, skipping duplicates after a hit."],
    "O(n^2) time, O(1) extra space",
    "def three_sum(nums):\n    nums = sorted(nums)\n    out = []\n    for i in range(len(nums)):\n        if i and nums[i] == nums[i - 1]:\n            continue\n        lo, hi = i + 1, len(nums) - 1\n        while lo < hi:\n            s = nums[i] + nums[lo] + nums[hi]\n            if s < 0:\n                lo += 1\n            elif s > 0:\n                hi -= 1\n            else:\n                out.append([nums[i], nums[lo], nums[hi]])\n                lo += 1\n                while lo < hi and nums[lo] == nums[lo - 1]:\n                    lo += 1\n    return out\n")

problem("merge-intervals", "Merge Intervals", "medium", ["intervals", "sorting"],
    "Merge all overlapping intervals [start, end] and return them sorted by start. Touching intervals ([1,4] and [4,5]) overlap.",
    "merge", [["intervals", "int[][]"]], "int[][]",
    [ex([[[1, 3], [2, 6], [8, 10], [15, 18]]], [[1, 6], [8, 10], [15, 18]]), ex([[[1, 4], [4, 5]]], [[1, 5]])],
    [[[[1, 4]]], [[[1, 4], [0, 4]]], [[[1, 4], [2, 3]]], [[[5, 6], [1, 2], [3, 4]]], [[]]],
    ["What order makes overlaps easy to see?", "Sort by start; then each interval either extends the last merged one or starts a new one.", "Sort; for each [s, e]: if s <= last end, last end = max(last end, e), else append [s, e]."],
    "O(n log n) time",
    "def merge(intervals):\n    out = []\n    for s, e in sorted(intervals):\n        if out and s <= out[-1][1]:\n            out[-1][1] = max(out[-1][1], e)\n        else:\n            out.append([s, e])\n    return out\n",
    "function merge(intervals) {\n  const out = [];\n  for (const [s, e] of [...intervals].sort((a, b) => a[0] - b[0] || a[1] - b[1])) {\n    if (out.length && s <= out[out.length - 1][1]) out[out.length - 1][1] = Math.max(out[out.length - 1][1], e);\n    else out.push([s, e]);\n  }\n  return out;\n}\n",
    "    public static int[][] Merge(int[][] intervals)\n    {\n        var output = new List<int[]>();\n        foreach (var iv in intervals.OrderBy(i => i[0]).ThenBy(i => i[1]))\n        {\n            if (output.Count > 0 && iv[0] <= output[^1][1]) output[^1][1] = Math.Max(output[^1][1], iv[1]);\n            else output.Add(new[] { iv[0], iv[1] });\n        }\n        return output.ToArray();\n    }\n")

problem("rotate-search", "Search in Rotated Sorted Array", "medium", ["binary search"],
    "A sorted array of distinct integers was rotated at an unknown pivot. Return the index of `target`, or -1, in O(log n).",
    "search_rotated", [["nums", "int[]"], ["target", "int"]], "int",
    [ex([[4, 5, 6, 7, 0, 1, 2], 0], 4), ex([[4, 5, 6, 7, 0, 1, 2], 3], -1)],
    [[[1], 0], [[1], 1], [[3, 1], 1], [[5, 1, 3], 5], [[6, 7, 8, 1, 2, 3, 4, 5], 8], [[1, 2, 3, 4, 5], 4]],
    ["After splitting at the middle, at least one half is sorted.", "Work out which half is sorted and whether the target lies within its range.", "If nums[lo] <= nums[mid] the left half is sorted: go left when nums[lo] <= target < nums[mid], else right; symmetric for the right half."],
    "O(log n) time",
    "def search_rotated(nums, target):\n    lo, hi = 0, len(nums) - 1\n    while lo <= hi:\n        mid = (lo + hi) // 2\n        if nums[mid] == target:\n            return mid\n        if nums[lo] <= nums[mid]:\n            if nums[lo] <= target < nums[mid]:\n                hi = mid - 1\n            else:\n                lo = mid + 1\n        else:\n            if nums[mid] < target <= nums[hi]:\n                lo = mid + 1\n            else:\n                hi = mid - 1\n    return -1\n")

problem("coin-change", "Coin Change", "medium", ["dynamic programming"],
    "Return the fewest coins from `coins` (unlimited of each) that make up `amount`, or -1 if it cannot be made.",
    "coin_change", [["coins", "int[]"], ["amount", "int"]], "int",
    [ex([[1, 2, 5], 11], 3, "5 + 5 + 1"), ex([[2], 3], -1), ex([[1], 0], 0)],
    [[[1], 2], [[186, 419, 83, 408], 6249], [[2, 5, 10, 1], 27], [[3, 7], 5], [[5, 10], 1000]],
    ["Greedy fails (coins 1, 3, 4 and amount 6). What smaller problems does amount reduce to?", "dp[a] = 1 + min(dp[a - c]) over coins c <= a.", "dp = [0] + [inf] * amount; fill a from 1 to amount; answer dp[amount] or -1 if still inf."],
    "O(amount * coins) time, O(amount) space",
    "def coin_change(coins, amount):\n    INF = float('inf')\n    dp = [0] + [INF] * amount\n    for a in range(1, amount + 1):\n        for c in coins:\n            if c <= a and dp[a - c] + 1 < dp[a]:\n                dp[a] = dp[a - c] + 1\n    return -1 if dp[amount] == INF else dp[amount]\n",
    "function coinChange(coins, amount) {\n  const dp = new Array(amount + 1).fill(Infinity);\n  dp[0] = 0;\n  for (let a = 1; a <= amount; a++) for (const c of coins) if (c <= a) dp[a] = Math.min(dp[a], dp[a - c] + 1);\n  return dp[amount] === Infinity ? -1 : dp[amount];\n}\n")

problem("number-of-islands", "Number of Islands", "medium", ["graphs", "BFS/DFS", "grids"],
    "`grid` is a list of strings of '1' (land) and '0' (water). Return the number of islands: groups of land connected up, down, left or right.",
    "num_islands", [["grid", "string[]"]], "int",
    [ex([["11110", "11010", "11000", "00000"]], 1), ex([["11000", "11000", "00100", "00011"]], 3)],
    [[["0"]], [["1"]], [["101", "010", "101"]], [["111", "101", "111"]], [[]], [["1" * 60] * 60]],
    ["Each island should be counted the first time you step on it.", "When you find unvisited land, flood-fill (BFS or DFS) the whole island and count one.", "Loop over cells; on an unvisited '1' increment the count and BFS from it marking all connected land visited (iterative, so a big island doesn't overflow the stack)."],
    "O(rows * cols) time and space",
    "def num_islands(grid):\n    if not grid:\n        return 0\n    rows, cols = len(grid), len(grid[0])\n    seen = set()\n    count = 0\n    for r in range(rows):\n        for c in range(cols):\n            if grid[r][c] == '1' and (r, c) not in seen:\n                count += 1\n                stack = [(r, c)]\n                seen.add((r, c))\n                while stack:\n                    y, x = stack.pop()\n                    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):\n                        if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] == '1' and (ny, nx) not in seen:\n                            seen.add((ny, nx))\n                            stack.append((ny, nx))\n    return count\n",
    "function numIslands(grid) {\n  const rows = grid.length, cols = rows ? grid[0].length : 0;\n  const seen = new Set();\n  let count = 0;\n  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {\n    if (grid[r][c] !== '1' || seen.has(r * cols + c)) continue;\n    count++;\n    const stack = [[r, c]];\n    seen.add(r * cols + c);\n    while (stack.length) {\n      const [y, x] = stack.pop();\n      for (const [ny, nx] of [[y + 1, x], [y - 1, x], [y, x + 1], [y, x - 1]]) {\n        if (ny >= 0 && ny < rows && nx >= 0 && nx < cols && grid[ny][nx] === '1' && !seen.has(ny * cols + nx)) { seen.add(ny * cols + nx); stack.push([ny, nx]); }\n      }\n    }\n  }\n  return count;\n}\n")

problem("kth-largest", "Kth Largest Element", "medium", ["heap", "quickselect"],
    "Return the k-th largest element of `nums` (in sorted order, not the k-th distinct).",
    "find_kth_largest", [["nums", "int[]"], ["k", "int"]], "int",
    [ex([[3, 2, 1, 5, 6, 4], 2], 5), ex([[3, 2, 3, 1, 2, 4, 5, 5, 6], 4], 4)],
    [[[1], 1], [[2, 1], 2], [[-1, -1], 1], [[7, 6, 5, 4, 3, 2, 1], 7]],
    ["Do you need the whole array sorted?", "A min-heap of size k keeps the k largest seen; its top is the answer.", "Push each number into a min-heap and pop when it exceeds k items; return the heap's minimum (or use quickselect for O(n) average)."],
    "O(n log k) time with a heap",
    "def find_kth_largest(nums, k):\n    import heapq\n    return heapq.nlargest(k, nums)[-1]\n")

problem("word-break", "Word Break", "medium", ["dynamic programming", "strings"],
    "Return true if `s` can be split into a sequence of one or more words from `words` (words may be reused).",
    "word_break", [["s", "string"], ["words", "string[]"]], "bool",
    [ex(["leetcode", ["leet", "code"]], True), ex(["catsandog", ["cats", "dog", "sand", "and", "cat"]], False)],
    [["applepenapple", ["apple", "pen"]], ["a", ["b"]], ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", ["a", "aa", "aaa", "aaaa"]], ["cars", ["car", "ca", "rs"]]],
    ["Trying every split recursively repeats work. What can you remember?", "ok[i] = the first i characters can be split; ok[i] is true if some ok[j] and s[j:i] is a word.", "ok = [True] + [False] * n; for i in 1..n, for j < i: if ok[j] and s[j:i] in the word set, ok[i] = True."],
    "O(n^2) time (with a word set), O(n) space",
    "def word_break(s, words):\n    ws = set(words)\n    ok = [True] + [False] * len(s)\n    for i in range(1, len(s) + 1):\n        for j in range(i):\n            if ok[j] and s[j:i] in ws:\n                ok[i] = True\n                break\n    return ok[len(s)]\n")

problem("spiral-matrix", "Spiral Matrix", "medium", ["arrays", "simulation"],
    "Return all elements of the matrix in spiral order (right, down, left, up, repeating inwards).",
    "spiral_order", [["matrix", "int[][]"]], "int[]",
    [ex([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], [1, 2, 3, 6, 9, 8, 7, 4, 5]), ex([[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]], [1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7])],
    [[[[1]]], [[[1, 2]]], [[[1], [2], [3]]], [[[1, 2], [3, 4], [5, 6]]], [[]]],
    ["Think of the matrix as layers.", "Keep four bounds (top, bottom, left, right) and shrink one after each side is walked.", "Walk top row, right column, bottom row (if top <= bottom), left column (if left <= right); shrink the bounds; repeat."],
    "O(rows * cols) time",
    "def spiral_order(matrix):\n    out = []\n    while matrix:\n        out += matrix.pop(0)\n        matrix = [list(r) for r in zip(*matrix)][::-1]\n    return out\n")

problem("daily-temperatures", "Daily Temperatures", "medium", ["stack", "monotonic stack"],
    "For each day, return how many days until a warmer temperature, or 0 if none comes.",
    "daily_temperatures", [["temps", "int[]"]], "int[]",
    [ex([[73, 74, 75, 71, 69, 72, 76, 73]], [1, 1, 4, 2, 1, 1, 0, 0]), ex([[30, 60, 90]], [1, 1, 0])],
    [[[90, 80, 70]], [[50]], [[30, 40, 50, 60]], [[70, 70, 71]]],
    ["Which earlier days are still waiting for a warmer day?", "Keep a stack of indices with decreasing temperatures; a warmer day resolves the ones below it.", "For each i: while the stack's top is colder than temps[i], pop j and set answer[j] = i - j; push i."],
    "O(n) time, O(n) space",
    "def daily_temperatures(temps):\n    out = [0] * len(temps)\n    stack = []\n    for i, t in enumerate(temps):\n        while stack and temps[stack[-1]] < t:\n            j = stack.pop()\n            out[j] = i - j\n        stack.append(i)\n    return out\n")

problem("longest-palindromic-substring", "Longest Palindromic Substring", "medium", ["strings", "expand around center"],
    "Return the longest palindromic substring of `s`; if several have the same length, the leftmost.",
    "longest_palindrome", [["s", "string"]], "string",
    [ex(["babad"], "bab"), ex(["cbbd"], "bb")],
    [["a"], ["ac"], ["forgeeksskeegfor"], ["abacdfgdcaba"], ["aaaa"]],
    ["Every palindrome has a centre.", "Expand from each centre: single characters and gaps between characters.", "For each i expand around (i, i) and (i, i+1) while the ends match; keep the longest (strictly longer, to keep the leftmost)."],
    "O(n^2) time, O(1) space",
    "def longest_palindrome(s):\n    best = ''\n    for i in range(len(s)):\n        for lo, hi in ((i, i), (i, i + 1)):\n            while lo >= 0 and hi < len(s) and s[lo] == s[hi]:\n                lo -= 1\n                hi += 1\n            if hi - lo - 1 > len(best):\n                best = s[lo + 1:hi]\n    return best\n")

problem("subsets", "Subsets", "medium", ["backtracking", "bit manipulation"],
    "Return all subsets of the distinct numbers `nums`, each sorted ascending, the list sorted by length and then lexicographically.",
    "subsets", [["nums", "int[]"]], "int[][]",
    [ex([[1, 2, 3]], [[], [1], [2], [3], [1, 2], [1, 3], [2, 3], [1, 2, 3]]), ex([[0]], [[], [0]])],
    [[[]], [[3, 1]], [[4, 1, 0, 2]]],
    ["Each element is either in or out.", "There are 2^n subsets: backtrack, or count from 0 to 2^n - 1 and read the bits.", "Build all subsets of the sorted numbers, then sort the list by (len, subset)."],
    "O(n 2^n) time",
    "def subsets(nums):\n    from itertools import combinations\n    nums = sorted(nums)\n    return [list(c) for k in range(len(nums) + 1) for c in combinations(nums, k)]\n")

# ---------------------------------------------------------------- hard
problem("trapping-rain-water", "Trapping Rain Water", "hard", ["arrays", "two pointers"],
    "Given bar heights, return how much rain water is trapped between the bars.",
    "trap", [["height", "int[]"]], "int",
    [ex([[0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1]], 6), ex([[4, 2, 0, 3, 2, 5]], 9)],
    [[[]], [[1]], [[2, 0, 2]], [[5, 4, 3, 2, 1]], [[1, 2, 3, 4, 5]], [[5, 0, 0, 0, 5, 0, 5]]],
    ["How much water stands above one bar?", "Water above i = min(highest bar to its left, highest to its right) - height[i].", "Two pointers: move the side with the lower max inwards, adding (that side's max - height) as you go."],
    "O(n) time, O(1) space",
    "def trap(height):\n    lo, hi = 0, len(height) - 1\n    lmax = rmax = water = 0\n    while lo < hi:\n        if height[lo] < height[hi]:\n            lmax = max(lmax, height[lo])\n            water += lmax - height[lo]\n            lo += 1\n        else:\n            rmax = max(rmax, height[hi])\n            water += rmax - height[hi]\n            hi -= 1\n    return water\n",
    "function trap(height) {\n  let lo = 0, hi = height.length - 1, lmax = 0, rmax = 0, water = 0;\n  while (lo < hi) {\n    if (height[lo] < height[hi]) { lmax = Math.max(lmax, height[lo]); water += lmax - height[lo]; lo++; }\n    else { rmax = Math.max(rmax, height[hi]); water += rmax - height[hi]; hi--; }\n  }\n  return water;\n}\n",
    "    public static int Trap(int[] height)\n    {\n        int lo = 0, hi = height.Length - 1, lmax = 0, rmax = 0, water = 0;\n        while (lo < hi)\n        {\n            if (height[lo] < height[hi]) { lmax = Math.Max(lmax, height[lo]); water += lmax - height[lo]; lo++; }\n            else { rmax = Math.Max(rmax, height[hi]); water += rmax - height[hi]; hi--; }\n        }\n        return water;\n    }\n")

problem("median-two-sorted", "Median of Two Sorted Arrays", "hard", ["binary search"],
    "Return the median of the two sorted arrays together (they are not both empty). Aim for O(log(m + n)).",
    "find_median_sorted_arrays", [["a", "int[]"], ["b", "int[]"]], "double",
    [ex([[1, 3], [2]], 2.0), ex([[1, 2], [3, 4]], 2.5)],
    [[[], [1]], [[2], []], [[1, 1], [1, 1]], [[1, 3, 8, 9, 15], [7, 11, 18, 19, 21, 25]], [[-5, 3, 6, 12, 15], [-12, -10, -6, -3, 4, 10]]],
    ["The median splits the combined numbers into two equal halves.", "Binary search the split point in the shorter array: the left parts of both arrays must all be <= the right parts.", "Search i in the shorter array, j = (m + n + 1) // 2 - i; fix when a[i-1] <= b[j] and b[j-1] <= a[i]; the median comes from the max of the lefts and the min of the rights."],
    "O(log min(m, n)) time",
    "def find_median_sorted_arrays(a, b):\n    if len(a) > len(b):\n        a, b = b, a\n    m, n = len(a), len(b)\n    lo, hi = 0, m\n    while True:\n        i = (lo + hi) // 2\n        j = (m + n + 1) // 2 - i\n        al = a[i - 1] if i > 0 else float('-inf')\n        ar = a[i] if i < m else float('inf')\n        bl = b[j - 1] if j > 0 else float('-inf')\n        br = b[j] if j < n else float('inf')\n        if al <= br and bl <= ar:\n            if (m + n) % 2:\n                return float(max(al, bl))\n            return (max(al, bl) + min(ar, br)) / 2\n        if al > br:\n            hi = i - 1\n        else:\n            lo = i + 1\n")

problem("edit-distance", "Edit Distance", "hard", ["dynamic programming", "strings"],
    "Return the fewest single-character inserts, deletes or replacements that turn `a` into `b`.",
    "min_distance", [["a", "string"], ["b", "string"]], "int",
    [ex(["horse", "ros"], 3), ex(["intention", "execution"], 5)],
    [["", ""], ["", "abc"], ["abc", "abc"], ["kitten", "sitting"], ["sunday", "saturday"]],
    ["Compare the last characters: what are the choices?", "dp[i][j] = distance between a[:i] and b[:j]; equal last characters cost nothing, else 1 + the best of insert, delete, replace.", "dp[i][0] = i, dp[0][j] = j; dp[i][j] = dp[i-1][j-1] if a[i-1] == b[j-1] else 1 + min(dp[i-1][j], dp[i][j-1], dp[i-1][j-1])."],
    "O(m n) time, O(n) space with one row",
    "def min_distance(a, b):\n    prev = list(range(len(b) + 1))\n    for i in range(1, len(a) + 1):\n        cur = [i] + [0] * len(b)\n        for j in range(1, len(b) + 1):\n            cur[j] = prev[j - 1] if a[i - 1] == b[j - 1] else 1 + min(prev[j], cur[j - 1], prev[j - 1])\n        prev = cur\n    return prev[len(b)]\n",
    "function minDistance(a, b) {\n  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);\n  for (let i = 1; i <= a.length; i++) {\n    const cur = [i];\n    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] : 1 + Math.min(prev[j], cur[j - 1], prev[j - 1]);\n    prev = cur;\n  }\n  return prev[b.length];\n}\n")

problem("largest-rectangle-histogram", "Largest Rectangle in Histogram", "hard", ["stack", "monotonic stack"],
    "Given bar heights of width 1, return the area of the largest rectangle inside the histogram.",
    "largest_rectangle_area", [["heights", "int[]"]], "int",
    [ex([[2, 1, 5, 6, 2, 3]], 10), ex([[2, 4]], 4)],
    [[[1]], [[0]], [[2, 2, 2, 2]], [[6, 2, 5, 4, 5, 1, 6]], [[1, 2, 3, 4, 5]], [[5, 4, 3, 2, 1]]],
    ["For each bar, how far can a rectangle of its height extend?", "A stack of increasing heights finds, for each bar, the first lower bar on each side.", "Push indices while heights increase; on a lower bar pop h and compute h * (i - stack top - 1); add a sentinel 0 at the end."],
    "O(n) time, O(n) space",
    "def largest_rectangle_area(heights):\n    stack, best = [], 0\n    for i, h in enumerate(heights + [0]):\n        while stack and heights[stack[-1]] >= h:\n            top = stack.pop()\n            width = i if not stack else i - stack[-1] - 1\n            best = max(best, heights[top] * width)\n        stack.append(i)\n    return best\n")

problem("n-queens-count", "N-Queens (count)", "hard", ["backtracking"],
    "Return the number of ways to place `n` queens on an n x n board so that no two attack each other.",
    "total_n_queens", [["n", "int"]], "int",
    [ex([4], 2), ex([1], 1)],
    [[2], [3], [5], [6], [8]],
    ["Place one queen per row.", "Track used columns and both diagonals (r + c and r - c) in sets to check a square in O(1).", "Backtrack row by row: for each free column whose diagonals are free, mark, recurse to the next row, unmark; count when all rows are filled."],
    "O(n!) time, O(n) space",
    "def total_n_queens(n):\n    cols, d1, d2 = set(), set(), set()\n    def go(r):\n        if r == n:\n            return 1\n        total = 0\n        for c in range(n):\n            if c in cols or r + c in d1 or r - c in d2:\n                continue\n            cols.add(c); d1.add(r + c); d2.add(r - c)\n            total += go(r + 1)\n            cols.discard(c); d1.discard(r + c); d2.discard(r - c)\n        return total\n    return go(0)\n",
    "function totalNQueens(n) {\n  const cols = new Set(), d1 = new Set(), d2 = new Set();\n  const go = (r) => {\n    if (r === n) return 1;\n    let total = 0;\n    for (let c = 0; c < n; c++) {\n      if (cols.has(c) || d1.has(r + c) || d2.has(r - c)) continue;\n      cols.add(c); d1.add(r + c); d2.add(r - c);\n      total += go(r + 1);\n      cols.delete(c); d1.delete(r + c); d2.delete(r - c);\n    }\n    return total;\n  };\n  return go(0);\n}\n")

problem("word-ladder", "Word Ladder", "hard", ["graphs", "BFS"],
    "Return the number of words in the shortest sequence from `begin` to `end` changing one letter at a time, every intermediate word (and `end`) being in `words`; 0 if there is none.",
    "ladder_length", [["begin", "string"], ["end", "string"], ["words", "string[]"]], "int",
    [ex(["hit", "cog", ["hot", "dot", "dog", "lot", "log", "cog"]], 5, "hit -> hot -> dot -> dog -> cog"), ex(["hit", "cog", ["hot", "dot", "dog", "lot", "log"]], 0)],
    [["a", "c", ["a", "b", "c"]], ["hot", "dog", ["hot", "dog"]], ["red", "tax", ["ted", "tex", "red", "tax", "tad", "den", "rex", "pee"]], ["lost", "cost", ["most", "fist", "lost", "cost", "fish"]]],
    ["Words are nodes; one-letter changes are edges. Which search finds the fewest steps?", "Breadth-first search from begin, generating neighbours by changing each letter to a..z and keeping those in the word set.", "BFS with (word, length); remove words from the set when queued so each is visited once; return the length when end is reached."],
    "O(N * L * 26) time for N words of length L",
    "def ladder_length(begin, end, words):\n    from collections import deque\n    ws = set(words)\n    if end not in ws:\n        return 0\n    q = deque([(begin, 1)])\n    ws.discard(begin)\n    while q:\n        w, d = q.popleft()\n        if w == end:\n            return d\n        for i in range(len(w)):\n            for c in 'abcdefghijklmnopqrstuvwxyz':\n                nw = w[:i] + c + w[i + 1:]\n                if nw in ws:\n                    ws.discard(nw)\n                    q.append((nw, d + 1))\n    return 0\n")

problem("min-window-substring", "Minimum Window Substring", "hard", ["strings", "sliding window"],
    "Return the shortest substring of `s` containing every character of `t` (with multiplicity); the leftmost if several; \"\" if none.",
    "min_window", [["s", "string"], ["t", "string"]], "string",
    [ex(["ADOBECODEBANC", "ABC"], "BANC"), ex(["a", "aa"], "")],
    [["a", "a"], ["ab", "b"], ["aa", "aa"], ["cabwefgewcwaefgcf", "cae"], ["bba", "ab"]],
    ["Grow a window until it covers t, then shrink it from the left.", "Count what t needs and how many characters are still missing; move the right edge to satisfy, the left edge to minimise.", "Keep need counts and missing; extend right decrementing; while missing == 0 record the window and advance left, restoring need."],
    "O(|s| + |t|) time",
    "def min_window(s, t):\n    from collections import Counter\n    need = Counter(t)\n    missing = len(t)\n    left = 0\n    best = (0, 0)\n    for right, c in enumerate(s, 1):\n        if need[c] > 0:\n            missing -= 1\n        need[c] -= 1\n        if missing == 0:\n            while need[s[left]] < 0:\n                need[s[left]] += 1\n                left += 1\n            if best == (0, 0) or right - left < best[1] - best[0]:\n                best = (left, right)\n            need[s[left]] += 1\n            missing += 1\n            left += 1\n    return s[best[0]:best[1]]\n")

problem("longest-increasing-subsequence", "Longest Increasing Subsequence", "medium", ["dynamic programming", "binary search"],
    "Return the length of the longest strictly increasing subsequence of `nums`.",
    "length_of_lis", [["nums", "int[]"]], "int",
    [ex([[10, 9, 2, 5, 3, 7, 101, 18]], 4, "2, 3, 7, 101"), ex([[7, 7, 7, 7]], 1)],
    [[[]], [[0, 1, 0, 3, 2, 3]], [[5, 4, 3, 2, 1]], [list(range(300))], [[4, 10, 4, 3, 8, 9]]],
    ["dp[i] = longest increasing subsequence ending at i gives O(n^2). Can you do better?", "Keep tails[k] = the smallest possible tail of an increasing subsequence of length k + 1; it stays sorted.", "For each x, binary-search the first tail >= x and replace it (or append x); the answer is len(tails)."],
    "O(n log n) time",
    "def length_of_lis(nums):\n    import bisect\n    tails = []\n    for x in nums:\n        i = bisect.bisect_left(tails, x)\n        if i == len(tails):\n            tails.append(x)\n        else:\n            tails[i] = x\n    return len(tails)\n")

problem("course-schedule", "Course Schedule", "medium", ["graphs", "topological sort"],
    "There are `n` courses 0..n-1 and prerequisite pairs [a, b] meaning b must come before a. Return true if all courses can be finished.",
    "can_finish", [["n", "int"], ["prerequisites", "int[][]"]], "bool",
    [ex([2, [[1, 0]]], True), ex([2, [[1, 0], [0, 1]]], False)],
    [[1, []], [3, [[1, 0], [2, 1]]], [3, [[0, 1], [1, 2], [2, 0]]], [4, [[1, 0], [2, 0], [3, 1], [3, 2]]], [2, [[0, 0]]]],
    ["When is it impossible? Think about cycles.", "Kahn's algorithm: repeatedly take courses with no unmet prerequisites.", "Count in-degrees; queue the zero ones; pop, decrement neighbours, queue new zeros; all courses taken <=> no cycle."],
    "O(V + E) time",
    "def can_finish(n, prerequisites):\n    from collections import deque\n    indeg = [0] * n\n    adj = [[] for _ in range(n)]\n    for a, b in prerequisites:\n        adj[b].append(a)\n        indeg[a] += 1\n    q = deque(i for i in range(n) if indeg[i] == 0)\n    taken = 0\n    while q:\n        c = q.popleft()\n        taken += 1\n        for d in adj[c]:\n            indeg[d] -= 1\n            if indeg[d] == 0:\n                q.append(d)\n    return taken == n\n")

problem("decode-ways", "Decode Ways", "medium", ["dynamic programming", "strings"],
    "Letters A-Z are encoded as 1-26. Return the number of ways to decode the digit string `s`.",
    "num_decodings", [["s", "string"]], "int",
    [ex(["12"], 2, "AB or L"), ex(["226"], 3), ex(["06"], 0)],
    [["0"], ["10"], ["27"], ["11106"], ["1111111111"], ["2101"]],
    ["The last step used either one digit or two.", "ways(i) = ways(i-1) if s[i-1] != '0' plus ways(i-2) if s[i-2:i] is 10..26.", "Iterate with two variables for the previous two counts."],
    "O(n) time, O(1) space",
    "def num_decodings(s):\n    prev2, prev = 1, (1 if s and s[0] != '0' else 0)\n    if not s:\n        return 0\n    for i in range(2, len(s) + 1):\n        cur = prev if s[i - 1] != '0' else 0\n        if 10 <= int(s[i - 2:i]) <= 26:\n            cur += prev2\n        prev2, prev = prev, cur\n    return prev\n")

problem("gas-station", "Gas Station", "medium", ["greedy"],
    "Stations on a circle have `gas[i]` fuel and it costs `cost[i]` to drive to the next one. Return the start index from which you can drive round once, or -1. The answer is unique if it exists.",
    "can_complete_circuit", [["gas", "int[]"], ["cost", "int[]"]], "int",
    [ex([[1, 2, 3, 4, 5], [3, 4, 5, 1, 2]], 3), ex([[2, 3, 4], [3, 4, 3]], -1)],
    [[[5], [4]], [[1], [2]], [[5, 1, 2, 3, 4], [4, 4, 1, 5, 1]], [[3, 1, 1], [1, 2, 2]]],
    ["If the total gas is less than the total cost, no start works.", "If you run dry between start s and station i, no station between them can be the start either.", "One pass: keep the tank from the current start; when it goes negative, start again at i + 1; check the total at the end."],
    "O(n) time, O(1) space",
    "def can_complete_circuit(gas, cost):\n    if sum(gas) < sum(cost):\n        return -1\n    tank = start = 0\n    for i in range(len(gas)):\n        tank += gas[i] - cost[i]\n        if tank < 0:\n            tank, start = 0, i + 1\n    return start\n")

problem("matrix-rotate", "Rotate Image", "medium", ["arrays", "matrices"],
    "Return the n x n matrix rotated 90 degrees clockwise.",
    "rotate", [["matrix", "int[][]"]], "int[][]",
    [ex([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], [[7, 4, 1], [8, 5, 2], [9, 6, 3]]), ex([[[1]]], [[1]])],
    [[[[1, 2], [3, 4]]], [[[5, 1, 9, 11], [2, 4, 8, 10], [13, 3, 6, 7], [15, 14, 12, 16]]], [[]]],
    ["Where does element (r, c) end up?", "(r, c) moves to (c, n - 1 - r): a transpose followed by reversing each row.", "Transpose the matrix in place, then reverse every row (or build the new matrix directly)."],
    "O(n^2) time, O(1) extra space in place",
    "def rotate(matrix):\n    return [list(row)[::-1] for row in zip(*matrix)]\n")

problem("serialize-counts", "Run-Length Encoding", "easy", ["strings"],
    "Compress `s` by replacing each run of the same character with the character followed by the run's length (\"aaab\" -> \"a3b1\").",
    "encode", [["s", "string"]], "string",
    [ex(["aaabcc"], "a3b1c2"), ex([""], "")],
    [["a"], ["abc"], ["zzzzzzzzzzzz"], ["aabbaa"]],
    ["Walk the string and notice where a run ends.", "Keep the current character and its count; flush when the character changes.", "Append char + str(count) at every change and once more at the end."],
    "O(n) time",
    "def encode(s):\n    out = []\n    i = 0\n    while i < len(s):\n        j = i\n        while j < len(s) and s[j] == s[i]:\n            j += 1\n        out.append(s[i] + str(j - i))\n        i = j\n    return ''.join(out)\n")

# ---------------------------------------------------------------- SQL
SQL = []

def sql_problem(id, title, difficulty, statement, schema, examples, tests, hints, complexity, solution, starter):
    SQL.append(dict(id=id, title=title, difficulty=difficulty, topics=["sql"], statement=statement, sql_starter=starter,
                    examples=[dict(name=n, setup=schema + data, rows=rows) for n, data, rows in examples],
                    tests=[dict(name=n, setup=schema + data, rows=rows) for n, data, rows in tests],
                    hints=hints, complexity=complexity, solutions={"sql": solution}))

EMP = "CREATE TABLE employees (id int PRIMARY KEY, name text NOT NULL, department text NOT NULL, salary int NOT NULL, manager_id int);\n"
sql_problem("sql-second-highest-salary", "Second Highest Salary", "easy",
    "Table `employees(id, name, department, salary, manager_id)`. Return one row with one column: the second highest distinct salary, or NULL if there is none.",
    EMP,
    [("three salaries", "INSERT INTO employees VALUES (1,'Ann','eng',100,NULL),(2,'Bob','eng',200,1),(3,'Cy','ops',300,1);", "200\n")],
    [("one salary", "INSERT INTO employees VALUES (1,'Ann','eng',100,NULL);", "NULL\n"),
     ("ties", "INSERT INTO employees VALUES (1,'Ann','eng',100,NULL),(2,'Bob','eng',100,1),(3,'Cy','ops',90,1);", "90\n")],
    ["Distinct salaries matter, not people.", "Order the distinct salaries descending and skip one; a scalar subquery yields NULL when there is no row.", "SELECT (SELECT DISTINCT salary FROM employees ORDER BY salary DESC OFFSET 1 LIMIT 1)."],
    "One sort of the distinct salaries",
    "SELECT (SELECT DISTINCT salary FROM employees ORDER BY salary DESC OFFSET 1 LIMIT 1) AS second_highest;",
    "-- employees(id, name, department, salary, manager_id)\nSELECT NULL AS second_highest;\n")
sql_problem("sql-department-top", "Top Earner per Department", "medium",
    "Table `employees(id, name, department, salary, manager_id)`. For each department return `department|name` of its highest-paid employee (all of them on a tie), ordered by department then name.",
    EMP,
    [("two departments", "INSERT INTO employees VALUES (1,'Ann','eng',300,NULL),(2,'Bob','eng',200,1),(3,'Cy','ops',150,1),(4,'Dee','ops',120,3);", "eng|Ann\nops|Cy\n")],
    [("tie", "INSERT INTO employees VALUES (1,'Ann','eng',300,NULL),(2,'Bob','eng',300,1);", "eng|Ann\neng|Bob\n"),
     ("empty", "", ""),
     ("three", "INSERT INTO employees VALUES (1,'Zed','a',1,NULL),(2,'Amy','b',5,1),(3,'Kim','b',4,1),(4,'Lou','c',9,1);", "a|Zed\nb|Amy\nc|Lou\n")],
    ["Compare each employee with the maximum of their own department.", "A window function (rank() over partition by department) or a join with the per-department max.", "Rank by salary descending within department and keep rank 1, ordered by department, name."],
    "One pass with a window function",
    "SELECT department, name FROM (SELECT department, name, rank() OVER (PARTITION BY department ORDER BY salary DESC) AS r FROM employees) ranked WHERE r = 1 ORDER BY department, name;",
    "-- employees(id, name, department, salary, manager_id)\nSELECT department, name FROM employees;\n")
sql_problem("sql-earn-more-than-manager", "Employees Earning More Than Their Manager", "easy",
    "Table `employees(id, name, department, salary, manager_id)`. Return the names of employees who earn more than their manager, ordered by name.",
    EMP,
    [("one higher", "INSERT INTO employees VALUES (1,'Ann','eng',100,NULL),(2,'Bob','eng',200,1),(3,'Cy','ops',50,1);", "Bob\n")],
    [("none", "INSERT INTO employees VALUES (1,'Ann','eng',100,NULL);", ""),
     ("chain", "INSERT INTO employees VALUES (1,'Ann','eng',100,NULL),(2,'Bob','eng',200,1),(3,'Cy','ops',300,2),(4,'Di','ops',10,3);", "Bob\nCy\n")],
    ["Each row needs its manager's salary.", "Join the table to itself on manager_id = id.", "SELECT e.name FROM employees e JOIN employees m ON e.manager_id = m.id WHERE e.salary > m.salary ORDER BY e.name."],
    "One self-join",
    "SELECT e.name FROM employees e JOIN employees m ON e.manager_id = m.id WHERE e.salary > m.salary ORDER BY e.name;",
    "-- employees(id, name, department, salary, manager_id)\nSELECT name FROM employees;\n")

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(here, "..", "Problems")
    os.makedirs(out_dir, exist_ok=True)
    for p in P:
        ns = {}
        exec(p["solutions"]["python"], ns)
        fn = ns[p["function"]]
        for e in p["examples"]:
            got = fn(*copy.deepcopy(e["input"]))
            assert json.dumps(got) == json.dumps(e["output"]), (p["id"], e, got)
        tests = []
        for i, args in enumerate(p["tests"]):
            tests.append({"name": f"Hidden test {i + 1}", "input": args, "output": fn(*copy.deepcopy(args))})
        for i, e in enumerate(p["examples"]):
            e.setdefault("name", f"Example {i + 1}")
        d = dict(p)
        d["tests"] = tests
        write(out_dir, d)
    for s in SQL:
        write(out_dir, s)
    print(len(P) + len(SQL), "problems;", sum(1 for p in P + SQL if p["difficulty"] == "easy"), "easy,",
          sum(1 for p in P + SQL if p["difficulty"] == "medium"), "medium,", sum(1 for p in P + SQL if p["difficulty"] == "hard"), "hard")

def write(out_dir, d):
    with open(os.path.join(out_dir, d["id"] + ".json"), "w") as f:
        json.dump(d, f, indent=2, ensure_ascii=False)
        f.write("\n")

main()
